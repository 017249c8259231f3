import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { sendPage } from '../page.files';
import { OperatorAuthService } from './operator-auth.service';
import { isJson } from './operator.guard';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './session-cookie';

/** The login form, and the session it opens (POST /login) and closes (POST /logout). */
@Controller()
export class LoginController {
  constructor(
    private readonly auth: OperatorAuthService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get('login')
  form(@Res() response: Response): void {
    sendPage(response, 'login.html');
  }

  /** Body: { key }: an admin API key of the default tenant. */
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: { key?: unknown } | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ operator: string }> {
    requireJson(request);
    const { token, operator } = await this.auth.login(body?.key, clientAddressOf(request));
    response.setHeader(
      'Set-Cookie',
      sessionCookie(token, {
        ttlSeconds: this.config.CONSOLE_SESSION_TTL_S,
        secure: this.config.CONSOLE_COOKIE_SECURE,
      }),
    );
    return { operator: operator.name };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    requireJson(request);
    await this.auth.logout(sessionTokenOf(request.headers.cookie), clientAddressOf(request));
    response.setHeader('Set-Cookie', clearedSessionCookie({ secure: this.config.CONSOLE_COOKIE_SECURE }));
  }
}

function requireJson(request: Request): void {
  if (!isJson(request.headers['content-type']))
    throw new UnsupportedMediaTypeException('send the login as JSON (Content-Type: application/json)');
}

/** The client's address as Express sees it (set "trust proxy" behind a load balancer). */
export function clientAddressOf(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
