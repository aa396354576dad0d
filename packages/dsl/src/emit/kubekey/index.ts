export { emitKubekey, KUBEKEY_API_VERSION, type KubekeyOptions } from './emit.ts';
export { yamlString } from './yaml.ts';
