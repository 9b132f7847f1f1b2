/**
 * Loaded by path (DataConverter.failureConverterPath) in clients, workers and the workflow
 * bundle: failure messages and stack traces travel in an encoded payload, so the payload codec
 * encrypts them too (they may quote input).
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
