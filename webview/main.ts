// dashboard app entry (filled by the dashboard issue)
export {};
