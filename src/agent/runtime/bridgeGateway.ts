// The gateway address of Docker's default `bridge` network (docker0, usually 172.17.0.1), where
// the task metadata endpoint listens. It is an address of the host itself, so a container reaches
// it in `bridge` mode (its own gateway), on user-defined networks including the per-task networks
// of `awsvpc` (traffic to a host address goes to the host, not across bridges) and in `host` mode
// (the host's own interface). A `none` container has no network and cannot reach any endpoint.
import { networkInterfaces } from 'node:os';
import type Dockerode from 'dockerode';

/** From `docker network inspect bridge`: IPAM's gateway, else the bridge interface's address, else the subnet's first host. */
export function bridgeGatewayOf(bridge: Dockerode.NetworkInspectInfo, interfaces = networkInterfaces()): string {
  const configs = bridge.IPAM?.Config ?? [];
  const gateway = configs.map((c) => c.Gateway).find((g): g is string => Boolean(g) && !g?.includes(':'));
  if (gateway) return gateway;
  // Older engines leave Gateway out of IPAM; the bridge interface carries it.
  const ifname = bridge.Options?.['com.docker.network.bridge.name'] ?? 'docker0';
  const address = interfaces[ifname]?.find((a) => a.family === 'IPv4')?.address;
  if (address) return address;
  // Docker gives the bridge the first host address of its subnet.
  const subnet = configs.map((c) => c.Subnet).find((s): s is string => Boolean(s) && !s?.includes(':'));
  if (subnet) return firstHost(subnet);
  throw new Error('cannot find the address of Docker\'s bridge network gateway');
}

function firstHost(cidr: string): string {
  const [base = '', bits = '32'] = cidr.split('/');
  const n = base.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const mask = Number(bits) >= 32 ? 0xffffffff : (0xffffffff << (32 - Number(bits))) >>> 0;
  const host = ((n & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((shift) => (host >>> shift) & 255).join('.');
}
