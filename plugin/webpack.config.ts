/*
 * Extends the generated configuration (.config/ stays as @grafana/create-plugin wrote it), as
 * Grafana's "extend the webpack config" guide shows.
 */
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> =>
  merge(await grafanaConfig(env), {
    resolve: {
      // Workspace packages (@ioworker/contract) are TypeScript ESM that import `./x.js`, which
      // names the `./x.ts` beside it.
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
  });

export default config;
