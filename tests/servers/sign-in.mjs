// Red Flag Alert's sign-in flow for the test servers (sign-in-server.mjs, api-server.mjs):
// `signIn` / `signInRefresh` resolvers issuing expiring JWT access tokens, and the check of a
// bearer token against them.
//
// - `signIn(credentials: {userName, password}, useManagementflow: true)` with user
//   `analyst@example.com`, password `correct horse` returns `accessToken` (an unsigned JWT whose
//   `exp` is TTL seconds away) and `refreshToken`; other credentials, or `useManagementflow` not
//   true, answer a GraphQL error.
// - `signInRefresh(refreshToken:)` exchanges a refresh token (once) for new tokens.

import { randomUUID } from 'node:crypto';

import { GraphQLError } from 'graphql';

const USERS = new Map([['analyst@example.com', 'correct horse']]);

/** The root fields that need no token. */
export const SIGN_IN_FIELDS = new Set(['signIn', 'signInRefresh']);

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Issues and checks tokens. `now()` is the server's clock in seconds (tests move it forward);
 * `counts` gets `signIn` and `signInRefresh` incremented per call.
 */
export class SignInIssuer {
  constructor({ ttl, now, counts }) {
    this.ttl = ttl;
    this.now = now;
    this.counts = counts;
    this.accessTokens = new Map(); // token -> exp
    this.refreshTokens = new Set();
  }

  issue(userName) {
    const exp = this.now() + this.ttl;
    const accessToken = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: userName, exp, jti: randomUUID() })}.unsigned`;
    const refreshToken = randomUUID();
    this.accessTokens.set(accessToken, exp);
    this.refreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  }

  /** `signIn` and `signInRefresh`, for a graphql-js root value. */
  resolvers() {
    return {
      signIn: ({ credentials, useManagementflow }) => {
        this.counts.signIn += 1;
        if (useManagementflow !== true) {
          throw new GraphQLError('useManagementflow must be true', { extensions: { code: 'BAD_USER_INPUT' } });
        }
        if (USERS.get(credentials.userName) !== credentials.password) {
          throw new GraphQLError('Invalid user name or password', { extensions: { code: 'AUTH_NOT_AUTHENTICATED' } });
        }
        return this.issue(credentials.userName);
      },
      signInRefresh: ({ refreshToken }) => {
        this.counts.signInRefresh += 1;
        if (!this.refreshTokens.delete(refreshToken)) {
          throw new GraphQLError('Invalid refresh token', { extensions: { code: 'AUTH_NOT_AUTHENTICATED' } });
        }
        return this.issue('refreshed');
      },
    };
  }

  /** `null` when `token` is a valid access token, else why not ('unknown token', 'token expired'). */
  check(token) {
    const exp = this.accessTokens.get(token);
    if (exp === undefined) return 'unknown token';
    if (exp <= this.now()) return 'token expired';
    return null;
  }

  /** Forgets every refresh token: the next refresh is refused. */
  revokeRefreshTokens() {
    this.refreshTokens.clear();
  }
}
