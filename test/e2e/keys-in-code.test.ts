// Keys in code as a person sees it: a Java file in the workbench with a CROSSSLOT squiggle on jedis.mset, a
// KEYS squiggle on redisTemplate.keys, a slot CodeLens, and the hover on a key (slot, hash tag and, connected
// to the shared TLS cluster, its owner, type and TTL). Screenshot: docs/screenshots/keys-in-code.png.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownerClient } from '../../src/core/keys/keys';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { discoverTopology } from '../../src/core/topology/topology';
import { sharedCluster } from '../support/cluster';
import { SCREENSHOT_DIR, openViewContainer, openWorkbench, runCommand, waitForIdle, type Workbench } from './workbench';

describe('keys in code in the workbench', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let session: ClusterSession;
  const liveKey = `shop${randomBytes(2).toString('hex')}:user:1000:profile`;
  const file = 'CartService.java';

  before(async () => {
    const info = await sharedCluster();
    session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
    const topo = await discoverTopology(session);
    await (await ownerClient(session, topo, Buffer.from(liveKey))).client.hset(liveKey, 'name', 'Ada Lovelace', 'plan', 'pro');
    await (await ownerClient(session, topo, Buffer.from(liveKey))).client.expire(liveKey, 3600);
    const { workspaceSettingsFor } = (await import(`${process.cwd()}/scripts/vscode-workspace-settings.mjs`)) as {
      workspaceSettingsFor(p: string): Record<string, unknown>;
    };
    wb = await openWorkbench({
      workspaceSettings: workspaceSettingsFor(info.profilePath),
      env: info.env,
      viewport: { width: 1280, height: 720 },
    });
    const src = [
      'package com.example.shop;',
      '',
      'import org.springframework.data.redis.core.RedisTemplate;',
      'import redis.clients.jedis.Jedis;',
      '',
      'public class CartService {',
      '  private RedisTemplate<String, String> redisTemplate;',
      '  private Jedis jedis;',
      '',
      '  public Object profile() {',
      `    return redisTemplate.opsForHash().entries("${liveKey}");`,
      '  }',
      '',
      '  public void saveCart() {',
      '    jedis.mset("cart:1000:items", "3", "cart:1000:total", "42");',
      '  }',
      '',
      '  public void invalidateAllCustomers() {',
      '    redisTemplate.delete(redisTemplate.keys("customer:*"));',
      '  }',
      '}',
      '',
    ].join('\n');
    mkdirSync(wb.workspace, { recursive: true });
    writeFileSync(join(wb.workspace, file), src);
  });

  after(async () => {
    await wb?.close();
    const topo = await discoverTopology(session);
    await (await ownerClient(session, topo, Buffer.from(liveKey))).client.del(liveKey);
    await session?.close();
  });

  it('shows the CROSSSLOT squiggle and the hover with slot and owner in a Java file', async () => {
    const page = wb.page;
    await openViewContainer(page, 'Redis Cluster');
    await waitForIdle(page);
    await runCommand(page, 'Redis Cluster: Connect');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: 60_000 });
    assert.ok((await page.locator('.monaco-editor .squiggly-warning').count()) >= 2, 'CROSSSLOT and KEYS squiggles');
    await page
      .locator('.monaco-editor .codelens-decoration', { hasText: 'land in 2 slots' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });

    const hover = page.locator('.monaco-hover', { hasText: 'Redis key' }).first();
    const token = page.locator('.view-lines span', { hasText: liveKey }).last();
    let text = '';
    try {
      for (let attempt = 0; attempt < 10 && !text.includes('Owner on'); attempt++) {
        // The keyboard hover (Show or Focus Hover) stays put while the screenshot is taken.
        await token.click({ position: { x: 60, y: 5 } });
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        await hover.waitFor({ state: 'visible', timeout: 15_000 });
        // The live facts arrive after the hover opens (a lookup on the cluster).
        await hover
          .filter({ hasText: 'Owner on' })
          .waitFor({ state: 'visible', timeout: 5_000 })
          .catch(() => undefined);
        text = await hover.innerText();
        if (!text.includes('Owner on')) await page.keyboard.press('Escape');
      }
    } catch (e) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, '..', '..', 'out', 'keys-in-code-failure.png') }).catch(() => undefined);
      throw e;
    }
    assert.ok(text.includes(`Slot ${keySlot(liveKey)}`), text);
    assert.match(text, /Owner on .+: 127\.0\.0\.1:\d+/);
    assert.match(text, /Exists: yes · type hash · TTL \d+ s/);
    assert.match(text, /Look Up Key · Open Value/);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'keys-in-code.png') });
  });
});
