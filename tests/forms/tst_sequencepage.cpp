// SPDX-License-Identifier: GPL-3.0-or-later
// The sequence view: grouping recorded exchanges into flows, the Mermaid text, the SVG export
// compared structurally, and the page offscreen against a real Workspace: a token request,
// its introspection and its revocation sent over loopback become one flow of three exchanges,
// whose arrows show the masked request and the server's explanation.
#include "formtest.h"
#include "sequence/sequencediagram.h"
#include "sequence/sequenceflows.h"
#include "sequence/sequencepage.h"
#include "trafficmodel.h"

#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;
using Party = ExchangeRecord::Party;

namespace {

const QString SeedId = u"service-client-jwt"_s;
const QString SeedSecret = u"service-client-jwt-secret"_s;

ExchangeRecord exchange(quint64 id, Party from, Party to, const char *method, const char *path,
    int status, const QString &outcome, const QString &clientId = {},
    const QString &fingerprint = {}, const QString &tokenId = {})
{
    ExchangeRecord record;
    record.id = id;
    record.startedMicros = (1750000000000 + qint64(id) * 10) * 1000;
    record.from = from;
    record.to = to;
    record.method = method;
    record.path = path;
    record.status = status;
    record.outcome = outcome;
    record.decision.clientId = clientId;
    record.decision.tokenFingerprint = fingerprint;
    record.decision.tokenId = tokenId;
    return record;
}

// The series' opaque-token walk (family.md): the API without a token, a token, the API with
// it (the resource server introspects it), a revocation, the API again; and around it a failed
// token request of another client and a second token of the first. The API call with the token
// lasts until the introspection it waited for has answered.
QList<ExchangeRecord> seriesExchanges()
{
    const auto C = Party::Client;
    const auto RS = Party::ResourceServer;
    const auto AS = Party::AuthorizationServer;
    QList<ExchangeRecord> list = {
        exchange(1, C, RS, "GET", "/ms-system/country/code/AUS", 401, u"no token"_s),
        exchange(2, C, AS, "POST", "/ms-auth-server/oauth2/token", 200, u"token issued"_s,
            u"user-client-opaque"_s, u"f1"_s, u"jti-1"_s),
        exchange(3, C, RS, "GET", "/ms-system/country/code/AUS", 200, u"ok"_s, {}, u"f1"_s),
        exchange(4, RS, AS, "POST", "/ms-auth-server/oauth2/introspect", 200, u"active"_s,
            u"service-client-jwt"_s, u"f1"_s, u"jti-1"_s),
        exchange(5, C, AS, "POST", "/ms-auth-server/oauth2/token", 401, u"invalid_client"_s,
            u"other-client"_s),
        exchange(6, C, AS, "POST", "/ms-auth-server/oauth2/revoke", 200, u"revoked"_s,
            u"user-client-opaque"_s, u"f1"_s, u"jti-1"_s),
        exchange(
            7, C, RS, "GET", "/ms-system/country/code/AUS", 401, u"invalid_token"_s, {}, u"f1"_s),
        exchange(8, C, AS, "POST", "/ms-auth-server/oauth2/token", 200, u"token issued"_s,
            u"user-client-opaque"_s, u"f2"_s, u"jti-2"_s),
    };
    list[2].durationMicros = 15'000; // exchange 3, past exchange 4's start (10 ms later)
    return list;
}

} // namespace

class TestSequencePage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void groupsByTokenThenClient();
    void mermaidText();
    void waitedCallEnclosesWhatItWaitedFor();
    void svgExportHasParticipantsArrowsAndLabels();
    void readableForThirtyExchanges();
    void participantsStayInSightWhenScrolled();
    void liveTrafficBecomesOneFlow();

private:
    FormTest::WorkspaceFixture m_fixture;
    HttpClient m_http;
    QTemporaryDir m_out;
};

void TestSequencePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    QVERIFY(m_out.isValid());
}

void TestSequencePage::cleanupTestCase()
{
    m_fixture.close();
}

void TestSequencePage::groupsByTokenThenClient()
{
    QList<ExchangeRecord> records = seriesExchanges();
    std::reverse(records.begin(), records.end()); // any order in, time order out
    const QList<SequenceFlow> flows = SequenceFlows::group(records);
    QCOMPARE(flows.size(), 4);

    QCOMPARE(flows.at(0).kind, SequenceFlow::Kind::Anonymous);
    QCOMPARE(flows.at(0).exchanges.size(), 1);

    const SequenceFlow &token = flows.at(1);
    QCOMPARE(token.kind, SequenceFlow::Kind::Token);
    QCOMPARE(token.key, u"token:f1"_s);
    // The client that got the token, not the one that introspected it.
    QCOMPARE(token.clientId, u"user-client-opaque"_s);
    QCOMPARE(token.tokenId, u"jti-1"_s);
    QList<quint64> ids;
    for (const ExchangeRecord &record : token.exchanges)
        ids.append(record.id);
    QCOMPARE(ids, (QList<quint64> {2, 3, 4, 6, 7}));
    QCOMPARE(SequenceFlows::participants(token),
        (QList<Party> {Party::Client, Party::ResourceServer, Party::AuthorizationServer}));
    QCOMPARE(token.title(), u"user-client-opaque: token jti-1…, 5 exchanges"_s);

    QCOMPARE(flows.at(2).kind, SequenceFlow::Kind::ClientWithoutToken);
    QCOMPARE(flows.at(2).clientId, u"other-client"_s);
    QCOMPARE(flows.at(3).key, u"token:f2"_s);
    QCOMPARE(SequenceFlows::participants(flows.at(3)),
        (QList<Party> {Party::Client, Party::AuthorizationServer}));
}

void TestSequencePage::mermaidText()
{
    const QList<SequenceFlow> flows = SequenceFlows::group(seriesExchanges());
    const QString text = SequenceFlows::toMermaid(flows.at(1));
    const QString expected = u"sequenceDiagram\n"
                             "    participant C as Client\n"
                             "    participant RS as Resource server\n"
                             "    participant AS as Authorization server\n"
                             "    C->>AS: POST /ms-auth-server/oauth2/token\n"
                             "    AS-->>C: 200 token issued\n"
                             "    C->>RS: GET /ms-system/country/code/AUS\n"
                             "    RS->>AS: POST /ms-auth-server/oauth2/introspect\n"
                             "    AS-->>RS: 200 active\n"
                             "    RS-->>C: 200 ok\n"
                             "    C->>AS: POST /ms-auth-server/oauth2/revoke\n"
                             "    AS-->>C: 200 revoked\n"
                             "    C->>RS: GET /ms-system/country/code/AUS\n"
                             "    RS-->>C: 401 invalid_token\n"_s;
    QCOMPARE(text, expected);
    // Characters Mermaid reads specially do not end up in a message.
    SequenceFlow odd;
    odd.exchanges = {exchange(
        1, Party::Client, Party::AuthorizationServer, "GET", "/a;b#c", 404, u"not\nfound"_s)};
    const QString oddText = SequenceFlows::toMermaid(odd);
    QVERIFY2(oddText.contains(u"C->>AS: GET /a,b#35;c\n"_s), qPrintable(oddText));
    QVERIFY2(oddText.contains(u"AS-->>C: 404 not found\n"_s), qPrintable(oddText));
}

void TestSequencePage::waitedCallEnclosesWhatItWaitedFor()
{
    // The two servers count their exchanges apart, and both exchanges start in one millisecond:
    // the µs start orders them, and the API call's answer comes after the introspection's.
    ExchangeRecord call = exchange(50, Party::Client, Party::ResourceServer, "GET",
        "/ms-system/country/code/AUS", 200, u"ok"_s, {}, u"f1"_s);
    ExchangeRecord introspection = exchange(7, Party::ResourceServer, Party::AuthorizationServer,
        "POST", "/ms-auth-server/oauth2/introspect", 200, u"active"_s, u"service-client-jwt"_s,
        u"f1"_s);
    call.startedMicros = 1'750'000'000'000'100;
    call.durationMicros = 800;
    introspection.startedMicros = 1'750'000'000'000'300;
    introspection.durationMicros = 400;
    const QList<SequenceFlow> flows = SequenceFlows::group({introspection, call});
    QCOMPARE(flows.size(), 1);
    QCOMPARE(flows.at(0).exchanges.at(0).id, 50u);
    QCOMPARE(flows.at(0).exchanges.at(1).id, 7u);
    QList<std::pair<int, bool>> order;
    for (const SequenceFlows::Message &message : SequenceFlows::messages(flows.at(0)))
        order.append({message.exchange, message.response});
    QCOMPARE(order, (QList<std::pair<int, bool>> {{0, false}, {1, false}, {1, true}, {0, true}}));
    // The diagram draws them so, top to bottom.
    const SequenceDiagram diagram(flows.at(0), QFont());
    QList<std::pair<int, bool>> drawn;
    qreal top = -1;
    for (const SequenceDiagram::Arrow &arrow : diagram.arrows()) {
        drawn.append({arrow.exchange, arrow.response});
        QVERIFY(arrow.hitRect.top() > top);
        top = arrow.hitRect.top();
    }
    QCOMPARE(drawn, order);
}

void TestSequencePage::svgExportHasParticipantsArrowsAndLabels()
{
    const SequenceFlow flow = SequenceFlows::group(seriesExchanges()).at(1);
    const SequenceDiagram diagram(flow, QFont());
    QCOMPARE(diagram.arrows().size(), 2 * flow.exchanges.size());
    const QString path = m_out.filePath(u"flow.svg"_s);
    QString error;
    QVERIFY2(diagram.exportSvg(path, QPalette(), &error), qPrintable(error));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList texts;
    bool svgRoot = false;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == "svg"_L1)
            svgRoot = true;
        if (xml.name() == "text"_L1)
            texts.append(xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(svgRoot);
    // One text per participant, one per arrow.
    QCOMPARE(texts.size(), 3 + 2 * flow.exchanges.size());
    for (const QString &name : {u"Client"_s, u"Resource server"_s, u"Authorization server"_s})
        QCOMPARE(texts.count(name), 1);
    QCOMPARE(texts.count(u"POST /ms-auth-server/oauth2/token"_s), 1);
    QCOMPARE(texts.count(u"GET /ms-system/country/code/AUS"_s), 2);
    QCOMPARE(texts.count(u"401 invalid_token"_s), 1);
    QCOMPARE(texts.count(u"200 revoked"_s), 1);

    // PNG: twice the diagram's size, not blank.
    const QString png = m_out.filePath(u"flow.png"_s);
    QVERIFY2(diagram.exportPng(png, QPalette(), &error), qPrintable(error));
    const QImage image(png);
    QCOMPARE(image.size(), (diagram.size() * 2).toSize());
    QVERIFY(image.pixelColor(0, 0) != image.pixelColor(image.width() / 2, 30 * 2));
}

void TestSequencePage::readableForThirtyExchanges()
{
    // Thirty exchanges: arrows never overlap and labels keep their own height.
    SequenceFlow flow;
    for (int i = 0; i < 30; ++i) {
        flow.exchanges.append(exchange(quint64(i + 1), Party::Client, Party::AuthorizationServer,
            "POST", "/ms-auth-server/oauth2/introspect", 200, u"active"_s, SeedId, u"f"_s));
    }
    const QFont font;
    const SequenceDiagram diagram(flow, font);
    QCOMPARE(diagram.arrows().size(), 60);
    const qreal line = QFontMetricsF(font).height();
    for (int i = 1; i < diagram.arrows().size(); ++i) {
        const QRectF above = diagram.arrows().at(i - 1).hitRect;
        const QRectF below = diagram.arrows().at(i).hitRect;
        QVERIFY(below.top() >= above.top() + line);
        QVERIFY(!above.intersects(below.adjusted(0, 1, 0, 0)));
    }
    // Every label fits between the two lifelines it joins.
    QVERIFY(diagram.size().width()
        >= QFontMetricsF(font).horizontalAdvance(u"POST /ms-auth-server/oauth2/introspect"_s));
}

void TestSequencePage::participantsStayInSightWhenScrolled()
{
    // A long flow in a short window: with its last arrow selected the diagram is scrolled down,
    // and the participants' boxes are drawn at the top of what is visible, not scrolled away;
    // the selected arrow is clear of them.
    TrafficModel traffic;
    SequencePage page(&traffic);
    page.resize(900, 420);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    for (int i = 0; i < 30; ++i) {
        traffic.append(exchange(quint64(i + 1), Party::Client, Party::AuthorizationServer, "POST",
            "/ms-auth-server/oauth2/introspect", 200, u"active"_s, SeedId, u"f"_s));
    }
    QVERIFY(QTest::qWaitFor([&page] { return page.currentFlow(); }, 5000));
    SequenceDiagramView *view = page.diagramView();
    auto *scroll = page.findChild<QScrollArea *>();
    QVERIFY(scroll);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(view->selectedArrow(), 59);
    QVERIFY(scroll->verticalScrollBar()->value() > 0);

    const QImage shown = scroll->viewport()->grab().toImage();
    const qreal pinned = view->diagram().participantsHeight();
    QVERIFY(pinned > 0 && pinned < shown.height() / 2);
    const QColor base = view->palette().color(QPalette::Base);
    QVERIFY(base != view->palette().color(QPalette::Window));
    auto basePixels = [&shown, &base](int y) {
        int count = 0;
        for (int x = 0; x < shown.width(); ++x)
            count += QColor(shown.pixel(x, y)) == base ? 1 : 0;
        return count;
    };
    // Two boxes (client, authorization server), each wider than its name.
    QVERIFY2(basePixels(int(pinned / 2)) > 100,
        qPrintable(QString::number(basePixels(int(pinned / 2)))));
    // Below the strip, the diagram itself: lifelines and arrows on the window's colour.
    QVERIFY(basePixels(int(pinned) + 4) < 20);
    const QRectF selected = view->diagram().arrows().at(59).hitRect;
    const int selectedTop = int(selected.top()) - scroll->verticalScrollBar()->value();
    QVERIFY2(selectedTop >= pinned, qPrintable(QString::number(selectedTop)));
}

void TestSequencePage::liveTrafficBecomesOneFlow()
{
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
    TrafficModel traffic;
    QObject::connect(workspace, &Workspace::exchangeRecorded, &traffic, &TrafficModel::append);
    SequencePage page(&traffic);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *emptyLabel = page.findChild<QLabel *>(u"emptyLabel"_s);
    QVERIFY(emptyLabel && emptyLabel->isVisible());

    const HttpResult issued = FormTest::requestToken(
        m_http, *workspace, SeedId, SeedSecret, {u"country.read"_s}, FormTest::Method::Post);
    QCOMPARE(issued.status, 200);
    const QByteArray token = issued.json().value(u"access_token"_s).toString().toUtf8();
    const QString issuer = workspace->server()->issuer();
    const QByteArray credentials
        = "&client_id=" + SeedId.toUtf8() + "&client_secret=" + SeedSecret.toUtf8();
    QCOMPARE(m_http.postForm(QUrl(issuer + u"/oauth2/introspect"_s), "token=" + token + credentials)
                 .status,
        200);
    QCOMPARE(
        m_http.postForm(QUrl(issuer + u"/oauth2/revoke"_s), "token=" + token + credentials).status,
        200);

    QVERIFY(QTest::qWaitFor(
        [&page] { return page.currentFlow() && page.currentFlow()->exchanges.size() == 3; },
        10000));
    QVERIFY(emptyLabel->isHidden());
    QCOMPARE(page.flows().size(), 1);
    QCOMPARE(page.currentFlow()->clientId, SeedId);
    auto *list = page.findChild<QListWidget *>(u"flowListWidget"_s);
    QCOMPARE(list->count(), 1);
    QVERIFY(list->item(0)->text().startsWith(SeedId + u": token "_s));

    // Clicking the first arrow shows the request as the traffic log keeps it: secret masked.
    SequenceDiagramView *view = page.diagramView();
    QCOMPARE(view->diagram().arrows().size(), 6);
    auto *detail = page.findChild<QPlainTextEdit *>(u"exchangeDetailTextEdit"_s);
    QTest::mouseClick(
        view, Qt::LeftButton, {}, view->diagram().arrows().at(0).hitRect.center().toPoint());
    QCOMPARE(view->selectedArrow(), 0);
    QVERIFY2(detail->toPlainText().startsWith(u"POST /ms-auth-server/oauth2/token"_s),
        qPrintable(detail->toPlainText()));
    QVERIFY(!detail->toPlainText().contains(SeedSecret));
    // The arrow keys walk the arrows: the token response, then the introspection request.
    QTest::keyClick(view, Qt::Key_Down);
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->selectedArrow(), 2);
    QVERIFY(detail->toPlainText().startsWith(u"POST /ms-auth-server/oauth2/introspect"_s));
    QVERIFY(!detail->toPlainText().contains(QString::fromUtf8(token)));
    QTest::keyClick(view, Qt::Key_End);
    QVERIFY(detail->toPlainText().startsWith(u"HTTP/1.1 200"_s));

    // Exports say where they went.
    QSignalSpy status(&page, &SequencePage::statusMessage);
    const QString mermaid = m_out.filePath(u"live.mmd"_s);
    QVERIFY(page.exportMermaid(mermaid));
    QCOMPARE(status.size(), 1);
    QVERIFY(status.at(0).at(0).toString().contains(u"live.mmd"_s));
    QFile file(mermaid);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.startsWith("sequenceDiagram\n"));
    QCOMPARE(text.count("->>"), 6); // three requests and three responses ("-->>" too)
    QVERIFY(!page.exportSvg(u"/nonexistent-folder/x.svg"_s));
    QCOMPARE(status.size(), 2);
}

QTEST_MAIN(TestSequencePage)
#include "tst_sequencepage.moc"
