// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenrequest.h"

#include <QCryptographicHash>

QString ExchangeDecision::fingerprintOf(QStringView token)
{
    if (token.isEmpty())
        return {};
    const QByteArray digest
        = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).left(8);
    return QString::fromLatin1(digest.toHex());
}
