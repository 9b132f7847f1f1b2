/**
 * Workflow bundles of "version 2" for the rolling-upgrade test: Vigil's workflows with
 * workflows/deadline-steps.ts replaced by deadline-steps-v2.ts, its change guarded by patched()
 * or, with guard.ts replaced by unguarded.ts, not. The replacement is made where webpack resolves modules, for every importer but the
 * variant itself (which wraps the original).
 */
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../../platform/payload-codec';

const ORIGINAL = require.resolve('../../../workflows/deadline-steps');
const VARIANT = require.resolve('./deadline-steps-v2');
const GUARD = require.resolve('./guard');
const UNGUARDED = require.resolve('./unguarded');

interface ResolveData {
  contextInfo: { issuer: string };
  createData: { resource?: string; context?: string; request?: string; userRequest?: string };
}
interface Compiler {
  hooks: {
    normalModuleFactory: {
      tap(name: string, f: (factory: { hooks: { afterResolve: { tap(n: string, g: (d: ResolveData) => void): void } } }) => void): void;
    };
  };
}

export function upgradedBundle(guarded: boolean): Promise<WorkflowBundle> {
  const replace = (from: string, to: string, unless?: string) => (data: ResolveData) => {
    if (data.createData.resource !== from || data.contextInfo.issuer === unless) return;
    // A module of its own (webpack names modules by request), whose imports resolve from its folder.
    const { request = '', userRequest = '' } = data.createData;
    Object.assign(data.createData, {
      resource: to,
      context: path.dirname(to),
      request: request.replace(from, to),
      userRequest: userRequest.replace(from, to),
    });
  };
  const plugin = {
    apply(compiler: Compiler) {
      compiler.hooks.normalModuleFactory.tap('vigil-upgrade', (factory) => {
        factory.hooks.afterResolve.tap('vigil-upgrade', replace(ORIGINAL, VARIANT, VARIANT));
        if (!guarded) factory.hooks.afterResolve.tap('vigil-upgrade-guard', replace(GUARD, UNGUARDED));
      });
    },
  };
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), plugin as never] }),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
}
