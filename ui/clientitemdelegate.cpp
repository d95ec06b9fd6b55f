// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientitemdelegate.h"

#include "clientlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace {

QString secondaryText(const QModelIndex &index)
{
    return index.data(ClientListModel::SecondaryTextRole).toString();
}

int textMargin(const QStyleOptionViewItem &option)
{
    const QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    return style->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, option.widget) + 1;
}

} // namespace

void ClientItemDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString secondary = secondaryText(index);
    if (secondary.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString primary = opt.text;
    opt.text.clear();
    const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    // Background, selection and focus as the style draws them; the text is ours.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget)
                               .adjusted(textMargin(opt), 0, -textMargin(opt), 0);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (opt.state & QStyle::State_Active)                                ? QPalette::Active
                                                                            : QPalette::Inactive;
    const QFontMetrics primaryMetrics(opt.font);
    QFont secondaryFont = option.font;
    secondaryFont.setBold(false);
    const QFontMetrics secondaryMetrics(secondaryFont);
    const int total = primaryMetrics.height() + secondaryMetrics.height();
    const int top = textRect.top() + (textRect.height() - total) / 2;

    painter->save();
    painter->setFont(opt.font);
    painter->setPen(
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(textRect.left(), top, textRect.width(), primaryMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        primaryMetrics.elidedText(primary, Qt::ElideRight, textRect.width()));
    painter->setFont(secondaryFont);
    painter->setPen(
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
    painter->drawText(QRect(textRect.left(), top + primaryMetrics.height(), textRect.width(),
                          secondaryMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        secondaryMetrics.elidedText(secondary, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize ClientItemDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == ClientListModel::ClientIdColumn) {
        QFont secondaryFont = option.font;
        secondaryFont.setBold(false);
        const int twoLines = QFontMetrics(option.font).height() * 2 + textMargin(option) * 2;
        size.setHeight(std::max(size.height(), twoLines));
        size.setWidth(std::max(size.width(),
            QFontMetrics(secondaryFont).horizontalAdvance(secondaryText(index))
                + textMargin(option) * 3));
    }
    return size;
}
