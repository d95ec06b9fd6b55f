// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class JwksCache;
class ReplayCache;

// The runtime state the JWT client-authentication methods (client_secret_jwt, private_key_jwt)
// share across requests and worker threads, owned by the server (AuthorizationServer) and
// handed to each request through TokenContext::clientAuth. Both are thread-safe stores.
struct ClientAuthServices
{
    ReplayCache *replayCache = nullptr; // jti of every accepted assertion, until it expires
    JwksCache *jwksCache = nullptr; // the JWK sets of clients that register a jwksUri
};
