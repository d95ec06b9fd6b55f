// SPDX-License-Identifier: GPL-3.0-or-later
#include "router.h"

#include "resource/introspection.h"

#include "oauth/oautherror.h"
#include "oauth/protocolregistry.h"
#include "store/clock.h"

using namespace Qt::Literals::StringLiterals;

namespace {

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

Router::Router(const Registry &registry, const Clock &clock, TokenStore *tokens,
    const ClientAuthServices *clientAuth)
    : Router(registry, clock, tokens, ProtocolRegistry::instance(), clientAuth)
{ }

Router::Router(const Registry &registry, const Clock &clock, TokenStore *tokens,
    const ProtocolRegistry &protocol, const ClientAuthServices *clientAuth)
    : m_registry(registry)
    , m_clock(clock)
    , m_tokens(tokens)
    , m_protocol(protocol)
    , m_clientAuth(clientAuth)
{ }

std::shared_ptr<const Router::RouteTable> Router::routeTable(const QByteArray &contextPath) const
{
    QMutexLocker locker(&m_tableMutex);
    if (m_table && m_table->contextPath == contextPath)
        return m_table;
    auto table = std::make_shared<RouteTable>();
    table->contextPath = contextPath;
    for (const auto &endpoint : m_protocol.endpoints()) {
        table->routes.insert(contextPath + endpoint->path(), endpoint.get());
        for (const QByteArray &extra : endpoint->extraPaths(contextPath))
            table->routes.insert(extra, endpoint.get());
    }
    m_table = table;
    return m_table;
}

HttpResponse Router::route(const HttpRequest &request, ExchangeRecord *record) const
{
    const RegistrySnapshotPtr snapshot = m_registry.snapshot();
    const ServerSettings &settings = snapshot->configuration.server;
    const QString issuer = settings.issuer(m_boundPort);

    record->method = request.method;
    record->path = request.path;
    record->peer = request.peer;
    // The resource server's own introspection calls say who they are (server/resource/).
    if (request.header("User-Agent") == Introspection::UserAgent)
        record->from = ExchangeRecord::Party::ResourceServer;

    const std::shared_ptr<const RouteTable> table = routeTable(settings.contextPath.toUtf8());
    const Endpoint *endpoint = table->routes.value(request.path);
    HttpResponse response;
    QString label; // what a 200 means here, for the log
    if (!endpoint) {
        response = errorResponse(OAuthError(OAuthError::Code::NotFound,
            u"No endpoint at %1. The token endpoint is %2/oauth2/token."_s.arg(
                QString::fromUtf8(request.path), issuer)));
    } else if (!endpoint->methods().contains(request.method)) {
        response = methodNotAllowed(request, endpoint->methods().join(", "_ba));
    } else if (request.method == "POST" && request.body.size() > settings.maxRequestBodyBytes) {
        response = errorResponse(OAuthError(OAuthError::Code::PayloadTooLarge,
            u"The request body is larger than %1 bytes."_s.arg(settings.maxRequestBodyBytes)));
    } else {
        DeferredWait deferral;
        TokenContext context {snapshot, issuer, m_clock.currentMSecsSinceEpoch(), QString(),
            &m_clock, m_clientAuth, request.mayDefer ? &deferral : nullptr, m_tokens};
        EndpointOutcome outcome = endpoint->handle(request, context);
        record->decision = std::move(outcome.decision);
        response = std::move(outcome.response);
        response.retryWhen = std::move(deferral);
        label = endpoint->successLabel();
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
