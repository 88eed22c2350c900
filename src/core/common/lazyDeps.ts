// The key store and YAML libraries load on first use, not at activation: bundled as eager imports, node-forge,
// jks-js and yaml double the time to load the extension (bench/README.md), for features most sessions never
// touch (ssh2: only profiles with a bastion). A require inside a function stays lazy in the esbuild bundle.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Forge from 'node-forge';
import type * as JksJs from 'jks-js';
import type * as Yaml from 'yaml';
import type * as Ssh2 from 'ssh2';

export function forgeLib(): typeof Forge {
  return require('node-forge') as typeof Forge;
}

export function jksLib(): typeof JksJs {
  return require('jks-js') as typeof JksJs;
}

export function yamlLib(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

export function sshLib(): typeof Ssh2 {
  return require('ssh2') as typeof Ssh2;
}
