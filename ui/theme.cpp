// SPDX-License-Identifier: GPL-3.0-or-later
#include "theme.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>
#include <QWidget>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr const char *ToneProperty = "playgroundTone";

// Renders an SVG whose strokes and fills say "currentColor" in the colour of the icon's mode,
// taken from the application palette when the icon is drawn: a switch to a dark palette needs
// no new icons.
class TintedSvgIconEngine final : public QIconEngine
{
public:
    explicit TintedSvgIconEngine(QByteArray svg) : m_svg(std::move(svg)) { }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(tinted(mode));
        renderer.render(painter, QRectF(rect));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        // QIcon asks for device pixels on high-DPI screens, so this is always sharp.
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pixmap;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }
    QIconEngine *clone() const override { return new TintedSvgIconEngine(m_svg); }
    bool isNull() override { return m_svg.isEmpty(); }

private:
    QByteArray tinted(QIcon::Mode mode) const
    {
        const QPalette palette = QApplication::palette();
        QColor colour;
        switch (mode) {
        case QIcon::Disabled:
            colour = palette.color(QPalette::Disabled, QPalette::WindowText);
            break;
        case QIcon::Selected:
            colour = palette.color(QPalette::Active, QPalette::HighlightedText);
            break;
        case QIcon::Normal:
        case QIcon::Active:
            colour = palette.color(QPalette::Active, QPalette::WindowText);
            break;
        }
        QByteArray svg = m_svg;
        return svg.replace("currentColor", colour.name(QColor::HexRgb).toLatin1());
    }

    QByteArray m_svg;
};

QColor mix(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amountOfB,
        a.greenF() + (b.greenF() - a.greenF()) * amountOfB,
        a.blueF() + (b.blueF() - a.blueF()) * amountOfB);
}

} // namespace

namespace Theme {

// Text drawn on the Base colour (editors, views) follows Base, which may differ from Window.
static bool isDarkBase(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor color(Tone tone, const QPalette &palette)
{
    // Two shades per tone, each with at least 4.5:1 contrast on the usual light and dark
    // window backgrounds (WCAG AA for text).
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Normal:
        return palette.color(QPalette::WindowText);
    case Tone::Success:
        return dark ? QColor(0x4a, 0xc2, 0x6b) : QColor(0x1a, 0x7f, 0x37);
    case Tone::Warning:
        return dark ? QColor(0xe3, 0xa6, 0x2f) : QColor(0x9a, 0x5b, 0x00);
    case Tone::Error:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc4, 0x1e, 0x2a);
    case Tone::Muted:
        return mix(palette.color(QPalette::WindowText), palette.color(QPalette::Window), 0.4);
    case Tone::Selected:
        // The palette's highlight is made to carry highlighted text, and is often too dark to
        // read as a line or text on a dark window.
        return dark ? QColor(0x6c, 0xb6, 0xff) : QColor(0x0b, 0x5c, 0xad);
    }
    return palette.color(QPalette::WindowText);
}

QColor segmentColor(int segment, const QPalette &palette)
{
    // The usual JWT colours (header red, payload violet, signature blue), darkened or lightened
    // to keep 4.5:1 contrast on the base colour.
    const bool dark = isDarkBase(palette);
    switch (segment) {
    case 0:
        return dark ? QColor(0xff, 0x6b, 0x9a) : QColor(0xc2, 0x18, 0x5b);
    case 1:
        return dark ? QColor(0xc9, 0x8b, 0xff) : QColor(0x7b, 0x1f, 0xa2);
    case 2:
        return dark ? QColor(0x4f, 0xc3, 0xf7) : QColor(0x02, 0x6a, 0xa7);
    default:
        return palette.color(QPalette::Text);
    }
}

QColor syntaxColor(Syntax kind, const QPalette &palette)
{
    const bool dark = isDarkBase(palette);
    switch (kind) {
    case Syntax::Key:
        return dark ? QColor(0x7c, 0xc4, 0xff) : QColor(0x0b, 0x4f, 0x9c);
    case Syntax::String:
        return dark ? QColor(0x9c, 0xdc, 0x7c) : QColor(0x1a, 0x7f, 0x37);
    case Syntax::Number:
        return dark ? QColor(0xf0, 0xb0, 0x6a) : QColor(0xa6, 0x4b, 0x00);
    case Syntax::Literal:
        return dark ? QColor(0xd0, 0x9c, 0xff) : QColor(0x8a, 0x2b, 0xb8);
    case Syntax::Punctuation:
        return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.35);
    }
    return palette.color(QPalette::Text);
}

void setTone(QWidget *widget, Tone tone)
{
    widget->setProperty(ToneProperty, int(tone));
    const QPalette inherited = widget->parentWidget() ? widget->parentWidget()->palette()
                                                      : QApplication::palette(widget);
    const QColor colour = color(tone, inherited);
    // Only the text roles are set: every other role keeps following the parent.
    QPalette palette;
    palette.setColor(QPalette::WindowText, colour);
    palette.setColor(QPalette::Text, colour);
    widget->setPalette(palette);
}

void refreshTones(QWidget *root)
{
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        const QVariant tone = widget->property(ToneProperty);
        if (tone.isValid())
            setTone(widget, Tone(tone.toInt()));
    }
}

QIcon icon(QStringView name)
{
    static QHash<QString, QByteArray> cache;
    const QString key = name.toString();
    auto it = cache.constFind(key);
    if (it == cache.constEnd()) {
        QFile file(u":/icons/"_s + key + u".svg"_s);
        it = cache.insert(key, file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray());
    }
    return QIcon(new TintedSvgIconEngine(*it));
}

QIcon appIcon()
{
    return QIcon(u":/icons/oauth2-playground.svg"_s);
}

} // namespace Theme
