import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { OpenApiModule } from './openapi.module';

describe('OpenApiController', () => {
  let app: INestApplication;
  let origin: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [OpenApiModule.register({ BODY_LIMIT_BYTES: 65_536, INGEST_BODY_LIMIT_BYTES: 10_485_760 })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    origin = await app.getUrl();
  });

  afterAll(() => app.close());

  it('serves the OpenAPI document as JSON without an API key', async () => {
    const response = await fetch(`${origin}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ openapi: '3.1.0', paths: { '/v1/search': {} } });
  });

  it('serves a docs page whose every script and stylesheet the gateway itself serves (no CDN)', async () => {
    const page = await fetch(`${origin}/docs`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/docs\//);
      const response = await fetch(`${origin}${asset}`);
      expect({ asset, status: response.status, size: (await response.arrayBuffer()).byteLength }).toEqual({
        asset,
        status: 200,
        size: expect.any(Number),
      });
    }
    const bundle = await fetch(`${origin}/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it('points Swagger UI at /openapi.json', async () => {
    const initializer = await (await fetch(`${origin}/docs/swagger-initializer.js`)).text();
    expect(initializer).toContain("url: '/openapi.json'");
  });

  it('serves no other file of the swagger-ui-dist folder, nor anything outside it', async () => {
    for (const path of ['/docs/index.html', '/docs/package.json', '/docs/..%2Fpackage.json', '/docs/%2e%2e'])
      expect({ path, status: (await fetch(`${origin}${path}`)).status }).toEqual({ path, status: 404 });
  });
});
