import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * nginx as a classic caching front of a Node service: one worker, kept-alive upstream connections,
 * proxy_cache holding 200s for a minute (catalog says `no-cache`, so that header is ignored, as such
 * setups do), one request filling a missing entry (proxy_cache_lock).
 */
export async function writeCachingNginxConfig(dir: string, listenPort: number, upstreamPort: string): Promise<string> {
  await mkdir(join(dir, 'logs'), { recursive: true });
  await mkdir(join(dir, 'tmp'), { recursive: true });
  await mkdir(join(dir, 'cache'), { recursive: true });
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
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};
  proxy_cache_path ${join(dir, 'cache')} levels=1:2 keys_zone=catalog:10m max_size=256m inactive=10m use_temp_path=off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  upstream catalog {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://catalog;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache catalog;
      proxy_cache_valid 200 60s;
      proxy_cache_lock on;
      proxy_ignore_headers Cache-Control Expires;
    }
  }
}
`,
  );
  return file;
}
