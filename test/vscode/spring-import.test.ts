// "Import Profile from Spring Boot Config" inside a real extension host: a Spring Boot 3 application.yml with a
// JKS SSL bundle (stores made by keytool) in the workspace is found, shown, saved without any password, its
// literal store password goes to SecretStorage on request, and the saved profile connects to the shared cluster.
// Malformed YAML gives an error and saves nothing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterProfile } from '../../src/core/profiles/profile';
import type { Services } from '../../src/services';
import { keyStore, trustStore } from '../support/javaStores';
import { sharedProfilePath } from './support/sharedCluster';
import { until } from '../support/wait';
import { activateExtension } from './support/extension';
import { stubWindow } from './support/notifications';

const workspaceProfiles = () =>
  vscode.workspace.getConfiguration('redisCluster').inspect<ClusterProfile[]>('profiles')?.workspaceValue ?? [];

describe('Import Profile from Spring Boot Config (extension host, shared TLS cluster)', function () {
  this.timeout(180_000);
  const tag = randomBytes(3).toString('hex');
  const name = `orders-${tag}`;
  const literalTrustPass = `trust-${tag}-literal`;
  const keyPassEnv = `SPRING_TEST_KEY_PASS_${tag.toUpperCase()}`;
  let s: Services;
  let resources: string;
  let project: string;

  before(async () => {
    s = await activateExtension();
    const profilePath = sharedProfilePath();
    const shared = JSON.parse(readFileSync(profilePath, 'utf8')) as ClusterProfile;
    const certs = path.join(path.dirname(profilePath), 'certs');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    project = path.join(folder, `orders-${tag}`);
    resources = path.join(project, 'src', 'main', 'resources');
    mkdirSync(path.join(resources, 'ssl'), { recursive: true });
    trustStore(path.join(certs, 'ca.crt'), path.join(resources, 'ssl', 'truststore.jks'), literalTrustPass, 'JKS');
    process.env[keyPassEnv] = `key-${tag}-pass`;
    keyStore(
      path.join(certs, 'client.crt'),
      path.join(certs, 'client.key'),
      path.join(resources, 'ssl', 'keystore.p12'),
      `key-${tag}-pass`,
      'PKCS12',
    );
    writeFileSync(
      path.join(resources, 'application.yml'),
      `spring:
  application:
    name: ${name}
  data:
    redis:
      cluster:
        nodes: ${shared.nodes.join(',')}
      password: \${${shared.passwordEnv ?? 'REDIS_CLUSTER_PASSWORD'}}
      ssl:
        bundle: redis
  ssl:
    bundle:
      jks:
        redis:
          truststore:
            location: classpath:ssl/truststore.jks
            password: ${literalTrustPass}
          keystore:
            location: classpath:ssl/keystore.p12
            password: \${${keyPassEnv}}
`,
    );
  });

  after(async () => {
    const entry = s.profiles.get(name);
    if (entry) {
      await s.connections.disconnect(name);
      await s.profiles.remove(entry);
    }
    rmSync(project, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('finds the file, shows the profile, saves it without passwords, stores the literal one in SecretStorage, connects', async () => {
    const ui = stubWindow({
      modal: (m) => (m.startsWith('Save profile') ? 'Save Profile' : m.includes('literal password') ? 'Store in SecretStorage' : undefined),
      quickPick: (items) => items.find((i) => i.label === 'application.yml'),
    });
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('redisCluster.importSpringProfile');
    } finally {
      ui.restore();
    }
    assert.equal(result, name, ui.asked.join(' || '));
    assert.ok(
      ui.asked.some((q) => q.startsWith(`confirm: info: Save profile "${name}"`)),
      ui.asked.join(' || '),
    );
    const preview = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(preview, new RegExp(`"name": "${name}"`));
    assert.match(preview, /literal secrets in the file \(trustStore\)/);

    const saved = await until(`"${name}" in the workspace settings`, 10_000, () => workspaceProfiles().find((p) => p.name === name));
    assert.deepEqual(saved.tls, {
      trustStore: path.join(`orders-${tag}`, 'src', 'main', 'resources', 'ssl', 'truststore.jks'),
      pfx: path.join(`orders-${tag}`, 'src', 'main', 'resources', 'ssl', 'keystore.p12'),
      pfxPasswordEnv: keyPassEnv,
    });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const settingsText = readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8');
    assert.ok(!settingsText.includes(literalTrustPass), 'the literal store password was written to settings');
    const entry = s.profiles.get(name);
    assert.ok(entry?.profile);
    assert.equal((await s.profiles.storePasswords(entry)).trustStore, literalTrustPass, 'the store password is not in SecretStorage');
    await until(`"${name}" connected`, 60_000, () => s.connections.get(name)?.state === 'connected');
    assert.equal(s.connections.get(name)?.topology?.info.state, 'ok');
  });

  it('asks which Spring profile and for placeholders without a default, prefilled from .env; the profile connects', async () => {
    const shared = JSON.parse(readFileSync(sharedProfilePath(), 'utf8')) as ClusterProfile;
    const [host, port] = shared.nodes[0].split(':');
    const dir = path.join(project, 'hostport', 'src', 'main', 'resources');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'application.yml');
    writeFileSync(
      file,
      `spring:\n  application:\n    name: hp-${tag}\n  data:\n    redis:\n      cluster:\n` +
        `        nodes: "\${HP_HOST_${tag}}:\${HP_PORT_${tag}}"\n`,
    );
    const tls = shared.tls && typeof shared.tls === 'object' ? shared.tls : {};
    const ca = path.resolve(path.dirname(sharedProfilePath()), tls.ca ?? 'certs/ca.crt');
    writeFileSync(
      path.join(dir, 'application-cloud.properties'),
      [
        `spring.data.redis.password=\${${shared.passwordEnv ?? 'REDIS_CLUSTER_PASSWORD'}}`,
        'spring.data.redis.ssl.bundle=r',
        `spring.ssl.bundle.pem.r.truststore.certificate=file:${ca}`,
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(project, 'hostport', '.env'), `HP_HOST_${tag}=${host}\nHP_PORT_${tag}=${port}\n`);
    const inputs: string[] = [];
    const ui = stubWindow({
      modal: (m) => (m.startsWith('Save profile') ? 'Save Profile' : undefined),
      quickPick: (items) => items.find((i) => i.label === 'application.yml' || i.label === 'cloud'),
      // Placeholder questions: accept what the extension prefilled, recording prompt and value.
      inputBox: (o) => {
        inputs.push(`input: ${o.prompt} [${o.value ?? ''}]`);
        return o.value;
      },
    });
    let result: unknown;
    const findFiles = vscode.workspace.findFiles;
    // Only this project's file in the file pick (the workspace holds the other test's files too).
    (vscode.workspace as { findFiles: unknown }).findFiles = async () => [vscode.Uri.file(file)];
    try {
      result = await vscode.commands.executeCommand('redisCluster.importSpringProfile');
    } finally {
      ui.restore();
      (vscode.workspace as { findFiles: unknown }).findFiles = findFiles;
    }
    const asked = [...ui.asked, ...inputs].join(' || ');
    assert.equal(result, `hp-${tag}-cloud`, asked);
    assert.match(asked, /quickPick: [^|]*\| No profile, cloud/);
    assert.ok(asked.includes(`input: Value of \${HP_HOST_${tag}}: the settings file gives it no default [${host}]`), asked);
    assert.ok(asked.includes(`input: Value of \${HP_PORT_${tag}}: the settings file gives it no default [${port}]`), asked);
    const saved = await until('the cloud profile in the settings', 10_000, () => workspaceProfiles().find((p) => p.name === result));
    assert.deepEqual(saved.nodes, [`${host}:${port}`]);
    await until(`"${String(result)}" connected`, 60_000, () => s.connections.get(String(result))?.state === 'connected');
    const entry = s.profiles.get(String(result));
    if (entry) {
      await s.connections.disconnect(String(result));
      await s.profiles.remove(entry);
    }
  });

  it('malformed YAML: an error message, nothing saved', async () => {
    const bad = path.join(resources, 'application-broken.yml');
    writeFileSync(bad, 'spring:\n  data:\n    redis:\n      cluster:\n        nodes: [127.0.0.1:1\n');
    const before = workspaceProfiles().length;
    const ui = stubWindow({ modal: () => 'Save Profile' });
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('redisCluster.importSpringProfile', { file: bad })),
        /not valid YAML/,
      );
    } finally {
      ui.restore();
    }
    assert.ok(
      ui.shown.some((q) => /^error: .*application-broken\.yml: not valid YAML/.test(q)),
      [...ui.asked, ...ui.shown].join(' || '),
    );
    assert.equal(workspaceProfiles().length, before);
  });
});

describe('Export Java Key Stores (extension host, shared TLS cluster)', function () {
  this.timeout(60_000);

  it('writes a PKCS#12 trust store (and key store when the profile has a client certificate) that keytool lists', async () => {
    const s = await activateExtension();
    const shared = s.profiles.list().find((e) => e.profile?.tls && e.profile.tls.ca);
    assert.ok(shared?.profile?.tls, 'no workspace profile with tls.ca');
    const mtls = !!shared.profile.tls.cert;
    const dir = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', `exported-${randomBytes(3).toString('hex')}`);
    mkdirSync(dir);
    const ui = stubWindow({});
    let files: string[] | undefined;
    try {
      files = await vscode.commands.executeCommand<string[] | undefined>('redisCluster.exportJavaStores', {
        profile: shared.name,
        dir,
        password: 'export-pass-9',
      });
    } finally {
      ui.restore();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    try {
      const expected = [path.join(dir, 'redis-truststore.p12'), ...(mtls ? [path.join(dir, 'redis-keystore.p12')] : [])];
      assert.deepEqual(files, expected, ui.asked.join(' || '));
      const list = (f: string) =>
        execFileSync('keytool', ['-list', '-keystore', f, '-storetype', 'PKCS12', '-storepass', 'export-pass-9']).toString();
      assert.match(list(files[0]), /redis-ca, .*trustedCertEntry/);
      if (mtls) assert.match(list(files[1]), /redis-client, .*PrivateKeyEntry/);
      assert.ok(
        ui.shown.some((q) => /^info: Exported .*redis-truststore\.p12/.test(q)),
        [...ui.asked, ...ui.shown].join(' || '),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
