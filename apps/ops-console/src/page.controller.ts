import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsoleAuthError } from './auth/console-auth.errors';
import { OperatorAuthService } from './auth/operator-auth.service';
import { sessionTokenOf } from './auth/session-cookie';
import { sendPage } from './page.files';

/** The console's one page; without a login it redirects to the form instead of answering 401. */
@Controller()
export class PageController {
  constructor(private readonly auth: OperatorAuthService) {}

  @Get()
  async console(@Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      await this.auth.authenticate({
        authorization: request.headers.authorization,
        sessionToken: sessionTokenOf(request.headers.cookie),
      });
    } catch (error) {
      if (error instanceof ConsoleAuthError && (error.status === 401 || error.status === 403)) {
        response.redirect(302, '/login');
        return;
      }
      throw error;
    }
    sendPage(response, 'index.html');
  }
}
