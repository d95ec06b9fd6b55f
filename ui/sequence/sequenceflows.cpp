// SPDX-License-Identifier: GPL-3.0-or-later
#include "sequenceflows.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using Party = ExchangeRecord::Party;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SequenceFlows", text);
}

constexpr Party PartyOrder[]
    = {Party::Client, Party::ResourceServer, Party::AuthorizationServer, Party::JwkSetHost};

QString mermaidId(Party party)
{
    switch (party) {
    case Party::Client:
        return u"C"_s;
    case Party::ResourceServer:
        return u"RS"_s;
    case Party::AuthorizationServer:
        return u"AS"_s;
    case Party::JwkSetHost:
        return u"JWKS"_s;
    }
    return u"X"_s;
}

// Mermaid ends a message at a line break and reads ';' and '#' specially.
QString mermaidText(QString text)
{
    text.replace(u'\n', u' ');
    text.replace(u';', u',');
    text.replace(u'#', u"#35;"_s);
    return text;
}

} // namespace

QString SequenceFlow::title() const
{
    const QString count
        = exchanges.size() == 1 ? tr("1 exchange") : tr("%1 exchanges").arg(exchanges.size());
    switch (kind) {
    case Kind::Token: {
        const QString who = clientId.isEmpty() ? tr("unknown client") : clientId;
        const QString which = tokenId.isEmpty() ? key.mid(6, 8) : tokenId.left(8);
        return tr("%1: token %2…, %3").arg(who, which, count);
    }
    case Kind::ClientWithoutToken:
        return tr("%1: without a token, %2").arg(clientId, count);
    case Kind::Anonymous:
        break;
    }
    return tr("No client or token, %1").arg(count);
}

namespace SequenceFlows {

QList<SequenceFlow> group(QList<ExchangeRecord> records)
{
    std::stable_sort(records.begin(), records.end(), [](const auto &a, const auto &b) {
        return a.startedMicros != b.startedMicros ? a.startedMicros < b.startedMicros : a.id < b.id;
    });
    QList<SequenceFlow> flows;
    QHash<QString, qsizetype> byKey;
    for (ExchangeRecord &record : records) {
        const ExchangeDecision &decision = record.decision;
        SequenceFlow::Kind kind = SequenceFlow::Kind::Anonymous;
        QString key = u"anonymous"_s;
        if (!decision.tokenFingerprint.isEmpty()) {
            kind = SequenceFlow::Kind::Token;
            key = u"token:"_s + decision.tokenFingerprint;
        } else if (!decision.clientId.isEmpty()) {
            kind = SequenceFlow::Kind::ClientWithoutToken;
            key = u"client:"_s + decision.clientId;
        }
        auto it = byKey.constFind(key);
        if (it == byKey.constEnd()) {
            SequenceFlow flow;
            flow.kind = kind;
            flow.key = key;
            it = byKey.insert(key, flows.size());
            flows.append(std::move(flow));
        }
        SequenceFlow &flow = flows[*it];
        // The client the token belongs to is the one that got it, not one that introspected it:
        // the first exchange naming a client decides.
        if (flow.clientId.isEmpty())
            flow.clientId = decision.clientId;
        if (flow.tokenId.isEmpty())
            flow.tokenId = decision.tokenId;
        flow.exchanges.append(std::move(record));
    }
    return flows;
}

QList<Party> participants(const SequenceFlow &flow)
{
    QList<Party> used;
    for (const Party party : PartyOrder) {
        const bool involved = std::any_of(flow.exchanges.cbegin(), flow.exchanges.cend(),
            [party](const ExchangeRecord &r) { return r.from == party || r.to == party; });
        if (involved)
            used.append(party);
    }
    return used;
}

QString partyName(Party party)
{
    switch (party) {
    case Party::Client:
        return tr("Client");
    case Party::ResourceServer:
        return tr("Resource server");
    case Party::AuthorizationServer:
        return tr("Authorization server");
    case Party::JwkSetHost:
        return tr("JWK set host");
    }
    return {};
}

QString requestLabel(const ExchangeRecord &record)
{
    return QString::fromLatin1(record.method) + u' ' + QString::fromUtf8(record.path);
}

QString responseLabel(const ExchangeRecord &record)
{
    if (record.status == 0)
        return record.outcome.isEmpty() ? tr("no response") : record.outcome;
    return record.outcome.isEmpty() ? QString::number(record.status)
                                    : u"%1 %2"_s.arg(record.status).arg(record.outcome);
}

QList<Message> messages(const SequenceFlow &flow)
{
    struct Event
    {
        qint64 at;
        Message message;
    };
    QList<Event> events;
    events.reserve(flow.exchanges.size() * 2);
    for (int i = 0; i < flow.exchanges.size(); ++i) {
        const ExchangeRecord &record = flow.exchanges.at(i);
        const qint64 start = record.startedMicros;
        events.append(Event {start, Message {i, false}});
        events.append(
            Event {start + std::max<qint64>(0, record.durationMicros), Message {i, true}});
    }
    // Stable: at one instant, the order the exchanges are in (each request before its response).
    std::stable_sort(
        events.begin(), events.end(), [](const Event &a, const Event &b) { return a.at < b.at; });
    QList<Message> list;
    list.reserve(events.size());
    for (const Event &event : std::as_const(events))
        list.append(event.message);
    return list;
}

QString toMermaid(const SequenceFlow &flow)
{
    QString text = u"sequenceDiagram\n"_s;
    for (const Party party : participants(flow))
        text += u"    participant %1 as %2\n"_s.arg(mermaidId(party), partyName(party));
    for (const Message &message : messages(flow)) {
        const ExchangeRecord &record = flow.exchanges.at(message.exchange);
        if (message.response) {
            text += u"    %1-->>%2: %3\n"_s.arg(
                mermaidId(record.to), mermaidId(record.from), mermaidText(responseLabel(record)));
        } else {
            text += u"    %1->>%2: %3\n"_s.arg(
                mermaidId(record.from), mermaidId(record.to), mermaidText(requestLabel(record)));
        }
    }
    return text;
}

} // namespace SequenceFlows
