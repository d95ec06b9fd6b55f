// SPDX-License-Identifier: GPL-3.0-or-later
#include "router.h"

#include "oauth/metadata.h"
#include "store/clock.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace {

HttpResponse jsonResponse(const QJsonObject &object)
{
    HttpResponse response;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse errorResponse(const OAuthError &error)
{
    HttpResponse response;
    response.status = error.httpStatus();
    response.body = error.toJson();
    return response;
}

HttpResponse methodNotAllowed(const HttpRequest &request, const QByteArray &allow)
{
    HttpResponse response = errorResponse(OAuthError(OAuthError::Code::MethodNotAllowed,
        u"%1 is not allowed here; use %2"_s.arg(
            QString::fromLatin1(request.method), QString::fromLatin1(allow))));
    response.setHeader("Allow"_ba, allow);
    return response;
}

} // namespace

Router::Router(const Registry &registry, const Clock &clock, const ClientAuthServices *clientAuth)
    : m_registry(registry), m_clock(clock), m_clientAuth(clientAuth)
{ }

HttpResponse Router::route(const HttpRequest &request, ExchangeRecord *record) const
{
    const RegistrySnapshotPtr snapshot = m_registry.snapshot();
    const ServerSettings &settings = snapshot->configuration.server;
    const QByteArray context = settings.contextPath.toUtf8();
    const QString issuer = settings.issuer(m_boundPort);

    record->method = request.method;
    record->path = request.path;
    record->peer = request.peer;

    const QByteArray &path = request.path;
    HttpResponse response;
    QString label; // what a 200 means here, for the log
    if (path == context + "/oauth2/token") {
        if (request.method != "POST") {
            response = methodNotAllowed(request, "POST"_ba);
        } else if (request.body.size() > settings.maxRequestBodyBytes) {
            response = errorResponse(OAuthError(OAuthError::Code::PayloadTooLarge,
                u"The request body is larger than %1 bytes."_s.arg(settings.maxRequestBodyBytes)));
        } else {
            DeferredWait deferral;
            TokenContext tokenContext {snapshot, issuer, m_clock.currentMSecsSinceEpoch()};
            tokenContext.endpointUrl = issuer + u"/oauth2/token"_s;
            tokenContext.clientAuth = m_clientAuth;
            tokenContext.deferral = request.mayDefer ? &deferral : nullptr;
            TokenEndpointOutcome outcome = m_tokenEndpoint.handle(request, tokenContext);
            record->decision = std::move(outcome.decision);
            response = std::move(outcome.response);
            response.retryWhen = std::move(deferral);
            label = u"token issued"_s;
        }
    } else if (path == context + "/oauth2/jwks") {
        response = request.method == "GET"
            ? jsonResponse(Metadata::jwkSet(snapshot->verificationKeys))
            : methodNotAllowed(request, "GET"_ba);
        label = u"JWK set"_s;
    } else if (path == context + "/.well-known/oauth-authorization-server"
        || (!context.isEmpty() && path == "/.well-known/oauth-authorization-server" + context)
        || (context.isEmpty() && path == "/.well-known/oauth-authorization-server")) {
        // RFC 8414 §3 inserts the well-known segment before the issuer's path; Spring serves it
        // below the context path. Both answer.
        response = request.method == "GET"
            ? jsonResponse(Metadata::authorizationServer(issuer, snapshot->configuration,
                m_tokenEndpoint.authenticationMethods(), m_tokenEndpoint.grantTypes(),
                m_tokenEndpoint.authenticationSigningAlgorithms()))
            : methodNotAllowed(request, "GET"_ba);
        label = u"metadata"_s;
    } else {
        response = errorResponse(OAuthError(OAuthError::Code::NotFound,
            u"No endpoint at %1. The token endpoint is %2/oauth2/token."_s.arg(
                QString::fromUtf8(path), issuer)));
    }

    // RFC 6749 §5.1 for token responses; harmless and what Spring sends on the others.
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.setHeader("Pragma"_ba, "no-cache"_ba);

    record->status = response.status;
    record->outcome = response.status == 200 ? label : ExchangeRecord::errorCodeOf(response);
    record->rawRequest = ExchangeRecord::maskedRequestText(request);
    record->revealedRequest
        = ExchangeRecord::requestText(request, ExchangeRecord::Secrets::Revealed);
    record->rawResponse = ExchangeRecord::responseText(response);
    return response;
}
