import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { staticFile } from './static-files.js';

/** Swagger UI's files, from the installed package: the docs work offline, with no CDN. */
const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SWAGGER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stargate API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
<p style="font-family:sans-serif;margin:1rem"><a href="/">← Dashboard</a> · <a href="/openapi.json">openapi.json</a></p>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  tryItOutEnabled: true, validatorUrl: null });
`;

/** `/docs` and its files: browsable documentation of `/openapi.json`. */
export async function apiDocs(path: string): Promise<Response | undefined> {
  if (path === '/docs' || path === '/docs/')
    return new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  if (path === '/docs/init.js')
    return new Response(INIT, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  const name = path.slice('/docs/'.length);
  if (path.startsWith('/docs/') && SWAGGER_FILES.has(name)) return staticFile(SWAGGER_DIR, name);
  return undefined;
}
