/** Small clean models the checker tests start from; each test adds one mistake (or one near miss). */
import type { Model } from '../../packages/dsl/src/model/model.ts';
import { backend, bind, defaults, frontend, host, model, ref, server, stats, vrrp } from '../helpers/model-builders.ts';

/** One app behind one frontend, a protected stats page on loopback, timeouts in defaults: no diagnostics. */
export function webModel(parts: Partial<Model> = {}): Model {
  return model({
    defaults: [defaults()],
    backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')] })],
    frontends: [frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app') })],
    stats: [stats()],
    ...parts,
  });
}

/** Two load-balancer hosts on 10.0.0.0/24 sharing the VIP 10.0.0.100 (vrrp `api`, router id 51). */
export function haPairModel(parts: Partial<Model> = {}): Model {
  return webModel({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24')],
    vrrps: [vrrp('api')],
    ...parts,
  });
}
