import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An nginx config tuned the way one would run it in front of a Node service: one worker,
 * kept-alive upstream connections, no access log, its own prefix and temp dirs under `dir`.
 * With `cache`, a classic caching front (bench/catalog): proxy_cache holding 200s for a minute (the
 * catalog says `no-cache`, so that header is ignored, as such setups do), one request filling a missing
 * entry (proxy_cache_lock).
 */
export async function writeNginxConfig(dir: string, listenPort: number, upstreamPort: number | string, options: { cache?: boolean } = {}): Promise<string> {
  await mkdir(join(dir, 'logs'), { recursive: true });
  await mkdir(join(dir, 'tmp'), { recursive: true });
  if (options.cache) await mkdir(join(dir, 'cache'), { recursive: true });
  const cachePath = options.cache ? `\n  proxy_cache_path ${join(dir, 'cache')} levels=1:2 keys_zone=bench_cache:10m max_size=256m inactive=10m use_temp_path=off;` : '';
  const cacheRules = options.cache
    ? `\n      proxy_cache bench_cache;\n      proxy_cache_valid 200 60s;\n      proxy_cache_lock on;\n      proxy_ignore_headers Cache-Control Expires;`
    : '';
  const file = join(dir, 'nginx.conf');
  await writeFile(
    file,
    `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'tmp', 'body')};
  proxy_temp_path ${join(dir, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};${cachePath}
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  upstream bench_upstream {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";${cacheRules}
    }
  }
}
`,
  );
  return file;
}
