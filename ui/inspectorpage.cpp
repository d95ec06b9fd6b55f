// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspectorpage.h"
#include "ui_inspectorpage.h"

#include "claimtablemodel.h"
#include "theme.h"
#include "tokencrafter.h"
#include "workspace.h"

#include "http/authorizationserver.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonDocument>
#include <QScopedValueRollback>
#include <QStringDecoder>
#include <QSyntaxHighlighter>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int DecodeDelayMsecs = 150;
constexpr const char *BannerToneProperty = "bannerTone";
constexpr const char *BannerTextProperty = "bannerText";
constexpr const char *BannerSymbolProperty = "bannerSymbol";

QColor blend(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amountOfB,
        a.greenF() + (b.greenF() - a.greenF()) * amountOfB,
        a.blueF() + (b.blueF() - a.blueF()) * amountOfB);
}

// A label as a tinted strip with a coloured symbol: the tone reads at a glance, the text stays
// in the palette's own colour so it is readable in light and dark.
void paintBanner(QLabel *label)
{
    const auto tone = Theme::Tone(label->property(BannerToneProperty).toInt());
    const QPalette base
        = label->parentWidget() ? label->parentWidget()->palette() : QGuiApplication::palette();
    const QColor colour = Theme::color(tone, base);
    QPalette palette;
    palette.setColor(QPalette::Window,
        blend(base.color(QPalette::Window), colour, Theme::isDark(base) ? 0.22 : 0.13));
    label->setPalette(palette);
    label->setText(u"<span style=\"color:%1;font-weight:bold\">%2</span>&nbsp; %3"_s.arg(
        colour.name(), label->property(BannerSymbolProperty).toString(),
        label->property(BannerTextProperty).toString()));
}

void setBanner(QLabel *label, Theme::Tone tone, const QString &symbol, const QString &html)
{
    label->setProperty(BannerToneProperty, int(tone));
    label->setProperty(BannerSymbolProperty, symbol);
    label->setProperty(BannerTextProperty, html);
    label->setAutoFillBackground(true);
    label->setTextFormat(Qt::RichText);
    label->setContentsMargins(10, 6, 10, 6);
    paintBanner(label);
    label->show();
}

// Colours the token's segments; a token pasted over several lines carries the segment number
// from one block to the next in the block state.
class TokenHighlighter final : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

    void setPalette(const QPalette &palette)
    {
        m_palette = palette;
        rehighlight();
    }

protected:
    void highlightBlock(const QString &text) override
    {
        int segment = std::max(0, previousBlockState());
        QTextCharFormat dot;
        dot.setForeground(Theme::color(Theme::Tone::Muted, m_palette));
        dot.setFontWeight(QFont::Bold);
        qsizetype start = 0;
        for (qsizetype i = 0; i <= text.size(); ++i) {
            if (i < text.size() && text.at(i) != u'.')
                continue;
            QTextCharFormat format;
            format.setForeground(Theme::segmentColor(std::min(segment, 2), m_palette));
            setFormat(int(start), int(i - start), format);
            if (i < text.size()) {
                setFormat(int(i), 1, dot);
                ++segment;
            }
            start = i + 1;
        }
        setCurrentBlockState(segment);
    }

private:
    QPalette m_palette;
};

QString jsonHtml(const JsonText::Pretty &pretty, const QPalette &palette)
{
    QString html = u"<pre style=\"margin:0\">"_s;
    qsizetype at = 0;
    for (const JsonText::Span &span : pretty.spans) {
        if (span.start < at || span.start + span.length > pretty.text.size())
            continue;
        html += pretty.text.mid(at, span.start - at).toHtmlEscaped();
        Theme::Syntax kind = Theme::Syntax::Punctuation;
        switch (span.kind) {
        case JsonText::Span::Kind::Key:
            kind = Theme::Syntax::Key;
            break;
        case JsonText::Span::Kind::String:
            kind = Theme::Syntax::String;
            break;
        case JsonText::Span::Kind::Number:
            kind = Theme::Syntax::Number;
            break;
        case JsonText::Span::Kind::Literal:
            kind = Theme::Syntax::Literal;
            break;
        case JsonText::Span::Kind::Punctuation:
            break;
        }
        html
            += u"<span style=\"color:%1\">%2</span>"_s.arg(Theme::syntaxColor(kind, palette).name(),
                pretty.text.mid(span.start, span.length).toHtmlEscaped());
        at = span.start + span.length;
    }
    html += pretty.text.mid(at).toHtmlEscaped() + u"</pre>"_s;
    return html;
}

} // namespace

InspectorPage::InspectorPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::InspectorPage>())
    , m_workspace(workspace)
    , m_claimsModel(new ClaimTableModel(this))
    , m_fetcher(new JwksFetcher(this))
    , m_decodeTimer(new QTimer(this))
    , m_countdownTimer(new QTimer(this))
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const int lineHeight = QFontMetrics(fixed).lineSpacing();

    QPlainTextEdit *tokenEdit = m_ui->tokenEdit;
    tokenEdit->setFont(fixed);
    tokenEdit->setWordWrapMode(QTextOption::WrapAnywhere);
    tokenEdit->setMinimumHeight(lineHeight * 4);
    tokenEdit->setMaximumHeight(lineHeight * 6 + 12);
    auto *highlighter = new TokenHighlighter(tokenEdit->document());
    highlighter->setPalette(tokenEdit->palette());
    m_highlighter = highlighter;

    for (QTextBrowser *browser : {m_ui->headerBrowser, m_ui->claimsBrowser}) {
        browser->setFont(fixed);
        browser->document()->setDefaultFont(fixed);
        browser->setOpenLinks(false);
    }
    for (QLabel *title : {m_ui->headerTitleLabel, m_ui->claimsTitleLabel}) {
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
    }
    m_ui->keyTextEdit->setFont(fixed);
    m_ui->keyTextEdit->setMaximumHeight(lineHeight * 4 + 12);
    m_ui->errorLabel->hide();
    m_ui->verdictLabel->hide();
    m_ui->validityLabel->hide();
    m_ui->signatureLabel->hide();

    QTableView *table = m_ui->claimsTableView;
    table->setModel(m_claimsModel);
    table->horizontalHeader()->setSectionResizeMode(
        ClaimTableModel::ClaimColumn, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(
        ClaimTableModel::ValueColumn, QHeaderView::Interactive);
    table->setColumnWidth(ClaimTableModel::ValueColumn, fontMetrics().averageCharWidth() * 58);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);

    m_ui->jsonSplitter->setSizes({1000, 1000});
    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({lineHeight * 14, lineHeight * 13});

    QComboBox *sources = m_ui->keySourceComboBox;
    sources->addItem(tr("Embedded server keys"), int(KeySourceKind::EmbeddedServer));
    sources->addItem(tr("Issuer's JWK set (from iss)"), int(KeySourceKind::IssuerJwks));
    sources->addItem(tr("Pasted key"), int(KeySourceKind::PastedKey));
    sources->addItem(tr("Shared secret"), int(KeySourceKind::SharedSecret));
    connect(sources, &QComboBox::currentIndexChanged, this, [this](int index) {
        showKeyPage(index);
        if (!m_settingSource)
            m_keySourceChosen = true;
        verify();
    });
    showKeyPage(0);

    m_decodeTimer->setSingleShot(true);
    m_decodeTimer->setInterval(DecodeDelayMsecs);
    connect(m_decodeTimer, &QTimer::timeout, this, &InspectorPage::decodeNow);
    connect(tokenEdit, &QPlainTextEdit::textChanged, m_decodeTimer, qOverload<>(&QTimer::start));

    m_countdownTimer->setInterval(1000);
    connect(m_countdownTimer, &QTimer::timeout, this, &InspectorPage::refreshTimes);

    auto *keyTextTimer = new QTimer(this);
    keyTextTimer->setSingleShot(true);
    keyTextTimer->setInterval(DecodeDelayMsecs);
    connect(keyTextTimer, &QTimer::timeout, this, &InspectorPage::verify);
    connect(
        m_ui->keyTextEdit, &QPlainTextEdit::textChanged, keyTextTimer, qOverload<>(&QTimer::start));
    connect(m_ui->secretLineEdit, &QLineEdit::textChanged, this, &InspectorPage::verify);
    connect(m_ui->showSecretButton, &QToolButton::toggled, this, [this](bool shown) {
        m_ui->secretLineEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showSecretButton->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->refetchButton, &QPushButton::clicked, this, [this] { fetchIssuerKeys(true); });
    connect(m_fetcher, &JwksFetcher::finished, this, &InspectorPage::issuerKeysFetched);
    connect(m_ui->craftButton, &QPushButton::clicked, this, &InspectorPage::craftToken);
    connect(m_ui->pasteButton, &QPushButton::clicked, this,
        [this] { inspectToken(QGuiApplication::clipboard()->text()); });
    connect(m_ui->clearButton, &QPushButton::clicked, this, [this] {
        m_ui->tokenEdit->clear();
        decodeNow();
        m_ui->tokenEdit->setFocus();
    });
    connect(m_workspace, &Workspace::configurationChanged, this, &InspectorPage::verify);
    connect(m_workspace, &Workspace::keyReady, this, &InspectorPage::verify);

    setFocusProxy(tokenEdit);
    refreshLegend();
    clearResults();
}

InspectorPage::~InspectorPage() = default;

void InspectorPage::showKeyPage(int index)
{
    // The stack is as tall as the page shown, not as its tallest (the pasted key's editor).
    QStackedWidget *stack = m_ui->keyStack;
    for (int i = 0; i < stack->count(); ++i) {
        stack->widget(i)->setSizePolicy(
            QSizePolicy::Preferred, i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    stack->setCurrentIndex(index);
    stack->adjustSize();
}

InspectorPage::KeySourceKind InspectorPage::keySource() const
{
    return KeySourceKind(m_ui->keySourceComboBox->currentData().toInt());
}

void InspectorPage::setKeySource(KeySourceKind source)
{
    m_ui->keySourceComboBox->setCurrentIndex(m_ui->keySourceComboBox->findData(int(source)));
}

TokenCrafter *InspectorPage::craftToken()
{
    // Window-modal and asynchronous; the crafted token comes back here to be inspected.
    auto *crafter = new TokenCrafter(m_decoding, this);
    crafter->setAttribute(Qt::WA_DeleteOnClose);
    connect(crafter, &TokenCrafter::inspectRequested, this, &InspectorPage::inspectToken);
    connect(crafter, &TokenCrafter::composerRequested, this,
        [this](const QString &token, TokenCrafter::ComposerUse use) {
            if (use == TokenCrafter::ComposerUse::ClientAssertion)
                Q_EMIT clientAssertionToCompose(token);
            else
                Q_EMIT tokenToIntrospect(token);
        });
    crafter->open();
    return crafter;
}

void InspectorPage::inspectToken(const QString &token)
{
    m_ui->tokenEdit->setPlainText(token);
    decodeNow();
}

QString InspectorPage::embeddedIssuer() const
{
    return m_workspace->endpoints().issuer;
}

QString InspectorPage::segmentName(int segment) const
{
    switch (segment) {
    case JwtError::Header:
        return tr("header (segment 1)");
    case JwtError::Payload:
        return tr("payload (segment 2)");
    case JwtError::Signature:
        return tr("signature (segment 3)");
    default:
        return tr("token");
    }
}

void InspectorPage::clearResults()
{
    m_claimsModel->setDecoding({}, 0);
    m_ui->headerBrowser->clear();
    m_ui->claimsBrowser->clear();
    m_ui->validityLabel->hide();
    m_ui->signatureLabel->hide();
    m_ui->verdictLabel->hide();
    m_countdownTimer->stop();
    m_verification = {};
    m_verificationPending = false;
    m_times = {};
}

void InspectorPage::decodeNow()
{
    m_decodeTimer->stop();
    const QString text = m_ui->tokenEdit->toPlainText();
    m_decoding = JwtInspector::decode(text);
    if (text.trimmed().isEmpty()) {
        m_decoding = {};
        m_ui->errorLabel->hide();
        clearResults();
        refreshLegend();
        return;
    }
    if (m_decoding.error) {
        const JwtError &error = *m_decoding.error;
        QString where = segmentName(error.segment);
        if (error.position >= 0)
            where = tr("%1, at position %2").arg(where).arg(error.position + 1);
        setBanner(m_ui->errorLabel, Theme::Tone::Error, u"\u2716"_s,
            tr("<b>Malformed token</b> \u2014 in the %1: %2")
                .arg(where.toHtmlEscaped(), error.message.toHtmlEscaped()));
        clearResults();
        // Every part that decodes is still shown; the one that does not is marked in its pane.
        m_claimsModel->setDecoding(
            m_decoding, m_workspace->clock().currentMSecsSinceEpoch() / 1000);
        refreshJsonPanes();
        refreshLegend();
        return;
    }
    m_ui->errorLabel->hide();
    const qint64 now = m_workspace->clock().currentMSecsSinceEpoch() / 1000;
    m_claimsModel->setDecoding(m_decoding, now);
    m_times = JwtInspector::timeReport(m_decoding.claims, now);
    refreshJsonPanes();
    refreshLegend();
    m_countdownTimer->start();
    chooseDefaultKeySource();
    verify(); // paints the time, the signature and the verdict together
}

QString InspectorPage::partProblem(JwtInspector::Part part) const
{
    const bool header = part == JwtInspector::Part::Header;
    const int segment = header ? JwtError::Header : JwtError::Payload;
    if (m_decoding.token.isEmpty())
        return QString();
    if (m_decoding.error && m_decoding.error->segment == segment)
        return m_decoding.error->message;
    if (!header && m_decoding.isEncrypted)
        return tr("the payload of an encrypted token (JWE) cannot be decrypted here");
    if (m_decoding.segmentCount <= segment)
        return tr("the token has no segment %1").arg(segment + 1);
    const QByteArray &json = header ? m_decoding.headerJson : m_decoding.payloadJson;
    if (!QJsonDocument::fromJson(json).isObject())
        return header ? tr("the header does not decode to a JSON object")
                      : tr("the payload does not decode to a JSON object");
    return QString();
}

void InspectorPage::refreshJsonPanes()
{
    if (m_decoding.token.isEmpty()) {
        m_ui->headerBrowser->clear();
        m_ui->claimsBrowser->clear();
        return;
    }
    const QPalette palette = m_ui->headerBrowser->palette();
    for (const JwtInspector::Part part : {JwtInspector::Part::Header, JwtInspector::Part::Claims}) {
        QTextBrowser *browser
            = part == JwtInspector::Part::Header ? m_ui->headerBrowser : m_ui->claimsBrowser;
        const QString problem = partProblem(part);
        if (problem.isEmpty()) {
            browser->setHtml(jsonHtml(JwtInspector::prettyJson(m_decoding, part), palette));
            continue;
        }
        // The part that does not decode says why, and shows what its bytes are, if anything.
        const QByteArray &bytes
            = part == JwtInspector::Part::Header ? m_decoding.headerJson : m_decoding.payloadJson;
        QString html = u"<p style=\"color:%1\"><b>\u2716 %2</b><br>%3</p>"_s.arg(
            Theme::color(Theme::Tone::Error, palette).name(), tr("Not decoded").toHtmlEscaped(),
            problem.toHtmlEscaped());
        if (!bytes.isEmpty()) {
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString text = utf8(bytes);
            html += utf8.hasError()
                ? u"<p>%1</p>"_s.arg(
                    tr("The segment decodes to %n byte(s) that are not UTF-8 text.", nullptr,
                        int(bytes.size()))
                        .toHtmlEscaped())
                : u"<p>%1</p><pre style=\"margin:0\">%2</pre>"_s.arg(
                    tr("The segment decodes to this text:").toHtmlEscaped(), text.toHtmlEscaped());
        }
        browser->setHtml(html);
    }
}

void InspectorPage::refreshLegend()
{
    const QPalette palette = m_ui->tokenEdit->palette();
    m_ui->legendLabel->setText(u"&nbsp;&nbsp;<span style=\"color:%1\">\u25A0</span> %2 "
                               u"&nbsp;<span style=\"color:%3\">\u25A0</span> %4 "
                               u"&nbsp;<span style=\"color:%5\">\u25A0</span> %6"_s.arg(
                                   Theme::segmentColor(0, palette).name(), tr("header"),
                                   Theme::segmentColor(1, palette).name(), tr("payload"),
                                   Theme::segmentColor(2, palette).name(), tr("signature")));
    const auto title = [this, &palette](JwtInspector::Part part, int segment, const QString &name) {
        if (partProblem(part).isEmpty()) {
            return u"<b style=\"color:%1\">%2</b>"_s.arg(
                Theme::segmentColor(segment, palette).name(), name.toHtmlEscaped());
        }
        return u"<b style=\"color:%1\">\u2716 %2</b>"_s.arg(
            Theme::color(Theme::Tone::Error, palette).name(),
            tr("%1: not decoded").arg(name).toHtmlEscaped());
    };
    m_ui->headerTitleLabel->setText(title(JwtInspector::Part::Header, 0, tr("Header")));
    m_ui->claimsTitleLabel->setText(title(JwtInspector::Part::Claims, 1, tr("Payload")));
}

void InspectorPage::refreshTimes()
{
    if (!m_decoding.isValid() || m_decoding.token.isEmpty())
        return;
    const qint64 now = m_workspace->clock().currentMSecsSinceEpoch() / 1000;
    m_claimsModel->setNow(now);
    m_times = JwtInspector::timeReport(m_decoding.claims, now);
    refreshVerdict();
}

namespace {

// How far a fact lets a token be trusted; the verdict is the worst of time and signature.
enum class Trust { Holds, Unknown, Fails };

Trust timeTrust(Validity validity)
{
    switch (validity) {
    case Validity::Valid:
        return Trust::Holds;
    case Validity::NoExpiry:
        return Trust::Unknown;
    case Validity::Expired:
    case Validity::NotYetValid:
        return Trust::Fails;
    }
    return Trust::Unknown;
}

Trust signatureTrust(const VerificationResult &result, bool pending)
{
    if (pending)
        return Trust::Unknown;
    switch (result.status) {
    case VerificationResult::Verified:
        return Trust::Holds;
    case VerificationResult::Invalid:
    case VerificationResult::Unsigned:
        return Trust::Fails;
    case VerificationResult::NoKey:
    case VerificationResult::KeyMismatch:
    case VerificationResult::UnsupportedAlgorithm:
    case VerificationResult::Malformed:
        return Trust::Unknown;
    }
    return Trust::Unknown;
}

} // namespace

void InspectorPage::refreshVerdict()
{
    if (!m_decoding.isValid() || m_decoding.token.isEmpty())
        return;
    const Trust time = timeTrust(m_times.validity);
    const Trust signature = signatureTrust(m_verification, m_verificationPending);
    const Trust overall = std::max(time, signature);
    // Green means "this token holds": only when both facts do, never beside a failed, absent or
    // unchecked signature.
    const auto fact = [overall](Theme::Tone tone) {
        return tone == Theme::Tone::Success && overall != Trust::Holds ? Theme::Tone::Normal : tone;
    };

    Theme::Tone tone = Theme::Tone::Success;
    QString symbol = u"\u2714"_s;
    QString title;
    QString timeReason;
    switch (m_times.validity) {
    case Validity::Valid:
        title = tr("Not expired");
        break;
    case Validity::Expired:
        tone = Theme::Tone::Error;
        symbol = u"\u2716"_s;
        title = tr("Expired");
        timeReason = tr("expired");
        break;
    case Validity::NotYetValid:
        tone = Theme::Tone::Error;
        symbol = u"\u23F3"_s;
        title = tr("Not yet valid");
        timeReason = tr("not valid yet");
        break;
    case Validity::NoExpiry:
        tone = Theme::Tone::Warning;
        symbol = u"\u26A0"_s;
        title = tr("No expiry");
        timeReason = tr("no expiry");
        break;
    }
    if (fact(tone) != tone)
        symbol = u"\u2713"_s;
    QString text = u"<b>%1</b>"_s.arg(title.toHtmlEscaped());
    if (!m_times.summary.isEmpty())
        text += u" \u2014 "_s + m_times.summary.toHtmlEscaped();
    setBanner(m_ui->validityLabel, fact(tone), symbol, text);
    m_ui->validityLabel->setToolTip(m_times.warnings.join(u'\n'));

    if (m_signatureTone == Theme::Tone::Success) {
        // "Verified" stays said, in green only when the time holds too.
        const Theme::Tone shown = fact(m_signatureTone);
        setBanner(m_ui->signatureLabel, shown,
            shown == Theme::Tone::Success ? u"\u2714"_s : u"\u2713"_s,
            m_ui->signatureLabel->property(BannerTextProperty).toString());
    }

    QString signatureReason;
    if (m_verificationPending) {
        signatureReason = tr("the signature is being checked");
    } else {
        switch (m_verification.status) {
        case VerificationResult::Verified:
            break;
        case VerificationResult::Invalid:
            signatureReason = tr("the signature is invalid");
            break;
        case VerificationResult::Unsigned:
            signatureReason = tr("the token is unsigned");
            break;
        case VerificationResult::NoKey:
        case VerificationResult::KeyMismatch:
        case VerificationResult::UnsupportedAlgorithm:
        case VerificationResult::Malformed:
            signatureReason = tr("the signature is not checked");
            break;
        }
    }
    QStringList reasons;
    for (const auto &[trust, reason] :
        {std::pair {signature, signatureReason}, std::pair {time, timeReason}}) {
        if (trust == overall && !reason.isEmpty())
            reasons.append(reason);
    }
    switch (overall) {
    case Trust::Holds:
        setBanner(m_ui->verdictLabel, Theme::Tone::Success, u"\u2714"_s,
            tr("<b>Valid</b> \u2014 the signature is verified and the token is not expired"));
        break;
    case Trust::Unknown:
        setBanner(m_ui->verdictLabel, Theme::Tone::Warning, u"?"_s,
            tr("<b>Not proven valid</b> \u2014 %1").arg(reasons.join(u"; "_s).toHtmlEscaped()));
        break;
    case Trust::Fails:
        setBanner(m_ui->verdictLabel, Theme::Tone::Error, u"\u2716"_s,
            tr("<b>Do not trust this token</b> \u2014 %1")
                .arg(reasons.join(u"; "_s).toHtmlEscaped()));
        break;
    }
}

void InspectorPage::chooseDefaultKeySource()
{
    const QString issuer = m_decoding.claims.value(u"iss"_s).toString();
    if (issuer == m_lastIssuer && m_keySourceChosen)
        return;
    m_lastIssuer = issuer;
    if (m_keySourceChosen)
        return;
    KeySourceKind source = KeySourceKind::EmbeddedServer;
    if (!issuer.isEmpty() && issuer != embeddedIssuer())
        source = KeySourceKind::IssuerJwks;
    else if (issuer.isEmpty() && m_decoding.alg.startsWith(u"HS"_s))
        source = KeySourceKind::SharedSecret;
    QScopedValueRollback setting(m_settingSource, true);
    setKeySource(source);
}

void InspectorPage::verify()
{
    if (!m_decoding.isValid() || m_decoding.token.isEmpty()) {
        m_ui->signatureLabel->hide();
        m_ui->verdictLabel->hide();
        return;
    }
    const KeySourceKind source = keySource();
    const RegistrySnapshotPtr snapshot = m_workspace->registry()->snapshot();
    const int embeddedCount = snapshot ? int(snapshot->verificationKeys.size()) : 0;
    m_ui->embeddedKeysLabel->setText(
        (embeddedCount == 1 ? tr("The embedded server's signing key (%1)")
                            : tr("The embedded server's %2 keys (%1)").arg(embeddedCount))
            .arg(embeddedIssuer()));

    VerificationResult result;
    QString pending;
    switch (source) {
    case KeySourceKind::EmbeddedServer:
        result = JwtInspector::verify(m_decoding,
            snapshot ? snapshot->verificationKeys : QList<Key>(), tr("the embedded server"));
        break;
    case KeySourceKind::IssuerJwks: {
        const QString issuer = m_decoding.claims.value(u"iss"_s).toString();
        if (issuer.isEmpty()) {
            m_ui->issuerStatusLabel->setText(tr("The token has no \u201ciss\u201d claim."));
            result.status = VerificationResult::NoKey;
            result.reason = tr("the token names no issuer to fetch keys from");
            break;
        }
        const auto cached = m_issuerKeys.constFind(issuer);
        if (cached == m_issuerKeys.constEnd()) {
            fetchIssuerKeys(false);
            pending = tr("Fetching the JWK set of %1\u2026").arg(issuer);
            break;
        }
        if (!cached->isOk()) {
            result.status = VerificationResult::NoKey;
            result.reason = cached->error;
            break;
        }
        result = JwtInspector::verify(m_decoding, cached->keys);
        break;
    }
    case KeySourceKind::PastedKey: {
        const QString text = m_ui->keyTextEdit->toPlainText().trimmed();
        if (text.isEmpty()) {
            result.status = VerificationResult::NoKey;
            result.reason = tr("paste a PEM key, a certificate, a JWK or a JWK set");
            break;
        }
        result = JwtInspector::verifyWithKeyText(m_decoding, text);
        break;
    }
    case KeySourceKind::SharedSecret: {
        const QByteArray secret = m_ui->secretLineEdit->text().toUtf8();
        if (secret.isEmpty()) {
            result.status = VerificationResult::NoKey;
            result.reason = tr("enter the shared secret");
            break;
        }
        result = JwtInspector::verifyWithSecret(m_decoding, secret);
        break;
    }
    }
    // Whatever the key source said, "none" is never shown as verified.
    if (m_decoding.isUnsigned) {
        result.status = VerificationResult::Unsigned;
        result.reason = tr("anyone can write these claims");
    }
    m_verification = result;
    m_verificationPending = !pending.isEmpty();

    if (m_verificationPending) {
        m_signatureTone = Theme::Tone::Muted;
        setBanner(m_ui->signatureLabel, Theme::Tone::Muted, u"\u2026"_s, pending.toHtmlEscaped());
        refreshVerdict();
        return;
    }
    const QString reason = result.reason.toHtmlEscaped();
    switch (result.status) {
    case VerificationResult::Verified:
        setBanner(m_ui->signatureLabel, Theme::Tone::Success, u"\u2714"_s,
            tr("<b>Verified</b> \u2014 %1 with key <code>%2</code> from %3")
                .arg(result.alg.toHtmlEscaped(), result.keyId.toHtmlEscaped(),
                    result.keyOrigin.toHtmlEscaped()));
        break;
    case VerificationResult::Invalid:
        setBanner(m_ui->signatureLabel, Theme::Tone::Error, u"\u2716"_s,
            tr("<b>Invalid signature</b> \u2014 %1").arg(reason));
        break;
    case VerificationResult::Unsigned:
        setBanner(m_ui->signatureLabel, Theme::Tone::Error, u"\u26A0"_s,
            tr("<b>Unsigned</b> (alg none) \u2014 %1").arg(reason));
        break;
    case VerificationResult::NoKey:
    case VerificationResult::KeyMismatch:
        setBanner(m_ui->signatureLabel, Theme::Tone::Warning, u"?"_s,
            tr("<b>Not verified: no key</b> \u2014 %1").arg(reason));
        break;
    case VerificationResult::UnsupportedAlgorithm:
    case VerificationResult::Malformed:
        setBanner(m_ui->signatureLabel, Theme::Tone::Warning, u"?"_s,
            tr("<b>Not verified</b> \u2014 %1").arg(reason));
        break;
    }
    m_signatureTone = Theme::Tone(m_ui->signatureLabel->property(BannerToneProperty).toInt());
    m_ui->signatureLabel->setToolTip(result.warnings.join(u'\n'));
    refreshVerdict();
}

void InspectorPage::fetchIssuerKeys(bool force)
{
    const QString issuer = m_decoding.claims.value(u"iss"_s).toString();
    if (issuer.isEmpty())
        return;
    if (force)
        m_issuerKeys.remove(issuer);
    if (m_fetcher->isRunning() && m_fetchingIssuer == issuer)
        return;
    m_fetchingIssuer = issuer;
    m_ui->issuerStatusLabel->setText(tr("Fetching the metadata of %1\u2026").arg(issuer));
    m_fetcher->fetchForIssuer(issuer);
    if (force)
        verify();
}

void InspectorPage::issuerKeysFetched(const JwksFetchResult &result)
{
    const QString issuer = m_fetchingIssuer;
    m_fetchingIssuer.clear();
    m_issuerKeys.insert(issuer, result);
    if (result.isOk()) {
        QString status
            = tr("%n key(s) from %1", nullptr, int(result.keys.size())).arg(result.url.toString());
        if (!result.skipped.isEmpty())
            status += u"; "_s + tr("skipped: %1").arg(result.skipped.join(u", "_s));
        m_ui->issuerStatusLabel->setText(status);
        Theme::setTone(m_ui->issuerStatusLabel, Theme::Tone::Normal);
    } else {
        m_ui->issuerStatusLabel->setText(result.error);
        Theme::setTone(m_ui->issuerStatusLabel, Theme::Tone::Error);
    }
    if (m_decoding.claims.value(u"iss"_s).toString() == issuer)
        verify();
}

void InspectorPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        static_cast<TokenHighlighter *>(m_highlighter)->setPalette(m_ui->tokenEdit->palette());
        for (QLabel *banner :
            {m_ui->errorLabel, m_ui->verdictLabel, m_ui->validityLabel, m_ui->signatureLabel}) {
            if (banner->property(BannerToneProperty).isValid())
                paintBanner(banner);
        }
        refreshLegend();
        refreshJsonPanes();
    }
}
