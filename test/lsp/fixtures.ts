/** The small project the protocol tests open: an entry that imports a shared file, plus machines and a cluster. */
export const COMMON = `# shared backends
backend app {
  health http "/health"
  server-defaults weight 7
  server app1 127.0.0.1:8080
  server app2 127.0.0.1:8081 nocheck
}
`;

export const MAIN = `import "./common.lb"
defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
let base = 9000
let password = secret(env("LB_TEST_PASSWORD"))
backend web {
  for i, name in ["w1", "w2", "w3"] {
    server name 127.0.0.1:base + i
  }
}
frontend site {
  bind    *:8000
  route   web when path prefix "/web"
  default ap
}
frontend other {
  bind    *:8000
  default app
}
stats {
  bind 127.0.0.1:8404
  auth admin password
}
`;

export const MACHINES = `host lb1 {
  interface eth1 10.0.0.11/24
  roles lb
}
host lb2 {
  interface eth1 10.0.0.12/24
  roles lb
}
vrrp api {
  vip 10.0.0.100/24
  router-id 51
  members lb1 priority 150, lb2 priority 100
  auth secret("hunter22")
}
cluster prod {
  kubernetes v1.28.8 with containerd
  node master1 10.0.0.21 roles control-plane, etcd
  endpoint api port 6443
}
`;

export const PASSWORD = 'pa55-Very-Secret';
