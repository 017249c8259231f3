import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { GatewayMetricsModule } from './gateway-metrics.module';
import { listenLikeMain } from './listen-like-main';

class RefuseEveryone implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException('no');
  }
}

@Controller('v1')
class ProbeController {
  @Get('documents/:id')
  document(@Param('id') id: string) {
    return { id };
  }

  @Post('echo')
  echo(@Body() body: unknown) {
    return body;
  }

  @Get('guarded')
  @UseGuards(RefuseEveryone)
  guarded() {
    return 'never';
  }
}

describe('request metrics over HTTP', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [GatewayMetricsModule],
      controllers: [ProbeController],
    }).compile();
    ({ app, url } = await listenLikeMain(moduleRef));
  });

  afterAll(() => app.close());

  const scrape = async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    // Prometheus's text exposition format (Express may reorder the parameters).
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return response.text();
  };

  it('labels requests by the matched route path, not the URL, so ids do not multiply series', async () => {
    await fetch(`${url}/v1/documents/a`);
    await fetch(`${url}/v1/documents/b`);
    const text = await scrape();
    expect(text).toMatch(
      /^tributary_gateway_request_duration_seconds_count\{route="\/v1\/documents\/:id",method="GET",status="200"\} 2$/m,
    );
    expect(text).not.toMatch(/route="\/v1\/documents\/[ab]"/);
  });

  it('counts a refusal thrown by a guard as an error of its route', async () => {
    expect((await fetch(`${url}/v1/guarded`)).status).toBe(401);
    expect(await scrape()).toMatch(
      /^tributary_gateway_errors_total\{route="\/v1\/guarded",status="401"\} 1$/m,
    );
  });

  it('counts requests no route saw (404, a body the parser refused) under one "unmatched" route', async () => {
    expect((await fetch(`${url}/nope/${Date.now()}`)).status).toBe(404);
    const badJson = await fetch(`${url}/v1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    const text = await scrape();
    expect(text).toMatch(/^tributary_gateway_errors_total\{route="unmatched",status="404"\} 1$/m);
    expect(text).toMatch(/^tributary_gateway_errors_total\{route="unmatched",status="400"\} 1$/m);
    expect(text).not.toContain('/nope/');
  });

  it('serves /metrics without an API key and counts successful requests as no error', async () => {
    await fetch(`${url}/v1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const text = await scrape();
    expect(text).toMatch(
      /^tributary_gateway_request_duration_seconds_count\{route="\/v1\/echo",method="POST",status="201"\} 1$/m,
    );
    expect(text).not.toMatch(/errors_total\{route="\/v1\/echo"/);
  });
});
