/**
 * Prometheus metrics at /metrics (one registry per API instance) and the one log line per
 * request. Both name the route's pattern, never the raw URL: a calendar feed's URL is its secret.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { App } from './context';

export function installMetrics(app: App): { caseEvents: Counter<'event'> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_api_' });
  const duration = new Histogram({
    name: 'vigil_api_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const caseEvents = new Counter({
    name: 'vigil_api_case_events_total',
    help: 'Case events recorded through the API, by event type',
    labelNames: ['event'] as const,
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, seconds);
    request.log.info({ method: request.method, route, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  return { caseEvents };
}
