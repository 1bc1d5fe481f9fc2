/**
 * The generator's data tables (lib/sim/generate.ts): names, cluster layouts, node naming styles and Service
 * ports a practice scenario is drawn from.
 */
export const NAMESPACES = [
  "app",
  "shop",
  "payments",
  "billing",
  "web",
  "orders",
  "search",
  "auth",
  "media",
  "platform",
];
export const SERVICE_NAMES = [
  "bar",
  "cart",
  "checkout",
  "ledger",
  "users",
  "catalog",
  "inventory",
  "gateway",
  "profile",
  "session",
  "notify",
  "pricing",
  "reviews",
];
export const CLIENT_NAMES = ["foo", "frontend", "worker", "web", "cron", "api", "batch"];
export const EXTERNAL_HOSTS = [
  "api.stripe.com",
  "www.google.com",
  "google.com",
  "db.example.com",
  "queue.example.net",
  "s3.amazonaws.com",
];

// Cluster layouts seen in the wild: kubeadm + flannel, k3s, a custom private range. Node networks are chosen
// so that no pod, Service or node range overlaps.
export const LAYOUTS = [
  { clusterCIDR: "10.244.0.0/16", serviceCIDR: "10.96.0.0/12", clusterDNS: "10.96.0.10", nodeNet: "192.168.0.0/24" },
  { clusterCIDR: "10.42.0.0/16", serviceCIDR: "10.43.0.0/16", clusterDNS: "10.43.0.10", nodeNet: "10.0.1.0/24" },
  { clusterCIDR: "172.20.0.0/16", serviceCIDR: "172.21.0.0/16", clusterDNS: "172.21.0.10", nodeNet: "10.10.0.0/24" },
] as const;

export const NODE_STYLES = [
  { name: (i: number, _ip: string) => `node-${i + 1}`, search: [] as string[] },
  {
    name: (_i: number, ip: string) => `ip-${ip.replaceAll(".", "-")}.us-east-2.compute.internal`,
    search: ["us-east-2.compute.internal"],
  },
  {
    name: (i: number) => `gke-pool-1-${(i + 1).toString(36)}x7q`,
    search: ["c.hopdrill-prod.internal", "google.internal"],
  },
  { name: (i: number) => `worker-${i + 1}`, search: [] as string[] },
];

export const PORTS = [
  { name: "https", port: 443, targetPort: 8443, scheme: "https" },
  { name: "http", port: 80, targetPort: 8080, scheme: "http" },
  { name: "http", port: 8080, targetPort: 8080, scheme: "http" },
  { name: "grpc", port: 9090, targetPort: 9090, scheme: "http" },
  { name: "", port: 80, targetPort: 3000, scheme: "http" },
] as const;
