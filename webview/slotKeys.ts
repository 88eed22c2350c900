// Keyboard movement over the 128 x 128 slot map: pure, so it is unit-tested without a browser.
export const MAP_COLS = 128;
export const MAP_SLOTS = 16384;
const PAGE_ROWS = 16;

/** The slot a key press moves the cursor to, or undefined when the key does not move it. */
export function slotAfterKey(slot: number, key: string, ctrl = false): number | undefined {
  const clamp = (n: number) => Math.max(0, Math.min(MAP_SLOTS - 1, n));
  const rowStart = slot - (slot % MAP_COLS);
  switch (key) {
    case 'ArrowLeft':
      return clamp(slot - 1);
    case 'ArrowRight':
      return clamp(slot + 1);
    case 'ArrowUp':
      return slot >= MAP_COLS ? slot - MAP_COLS : slot;
    case 'ArrowDown':
      return slot + MAP_COLS < MAP_SLOTS ? slot + MAP_COLS : slot;
    case 'PageUp':
      return slot - PAGE_ROWS * MAP_COLS >= 0 ? slot - PAGE_ROWS * MAP_COLS : slot % MAP_COLS;
    case 'PageDown':
      return slot + PAGE_ROWS * MAP_COLS < MAP_SLOTS ? slot + PAGE_ROWS * MAP_COLS : MAP_SLOTS - MAP_COLS + (slot % MAP_COLS);
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? MAP_SLOTS - 1 : rowStart + MAP_COLS - 1;
    default:
      return undefined;
  }
}
