// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/exchangerecord.h"

#include <QList>
#include <QString>

// One flow of the sequence view: the exchanges that carried one access token (the token request
// that issued it, the API calls made with it, the introspections and the revocation of it), or
// the exchanges of one client that carried no token, in time order.
struct SequenceFlow
{
    enum class Kind { Token, ClientWithoutToken, Anonymous };
    Kind kind = Kind::Anonymous;
    QString key; // stable across regrouping: "token:<fingerprint>", "client:<id>", "anonymous"
    QString clientId; // the client the flow's first exchange names; empty when none does
    QString tokenId; // the jti of the token, when an exchange of the flow names it
    QList<ExchangeRecord> exchanges;

    // "service-client-jwt: token 1a2b3c4d…, 5 exchanges" for the list of flows.
    QString title() const;
};

namespace SequenceFlows {

// Groups exchanges into flows, the flows in the order of their first exchange. An exchange that
// names a token fingerprint joins that token's flow; one that does not joins its client's
// flow without a token, else the anonymous one. Records in any order; each flow's exchanges end
// up sorted by start time (then id).
QList<SequenceFlow> group(QList<ExchangeRecord> records);

// The participants a flow draws, in their fixed left-to-right order (Client, Resource server,
// Authorization server, JWK set host), only those its exchanges involve.
QList<ExchangeRecord::Party> participants(const SequenceFlow &flow);
QString partyName(ExchangeRecord::Party party);

// "POST /ms-auth-server/oauth2/token" and "200 token issued": the arrows' labels.
QString requestLabel(const ExchangeRecord &record);
QString responseLabel(const ExchangeRecord &record);

// One arrow of a flow: the request or the response of one of its exchanges.
struct Message
{
    int exchange = 0; // index in SequenceFlow::exchanges
    bool response = false;
};
// The flow's arrows in time order: a request when its exchange started, a response when it
// ended (start plus duration). A call that waited for another (an API call and the
// introspection it caused) encloses it: request, inner request, inner response, response.
QList<Message> messages(const SequenceFlow &flow);

// The flow as Mermaid sequenceDiagram text, for a wiki or a README.
QString toMermaid(const SequenceFlow &flow);

} // namespace SequenceFlows
