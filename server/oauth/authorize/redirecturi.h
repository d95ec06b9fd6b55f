// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// Which registered redirect URI a presented redirect_uri is (RFC 6749 §3.1.2.2, §4.1.3): an exact
// string match, except that a registered http URI whose host is a loopback IP literal
// (127.0.0.1, [::1]) matches the same URI on any port, for native apps that listen on a port the
// system picks (RFC 8252 §7.3). "localhost" is not a loopback literal (RFC 8252 §8.3) and is
// compared exactly, as Spring Authorization Server does.
namespace RedirectUri {

// The registered URI "presented" matches, or nullopt.
std::optional<QString> match(const QStringList &registered, const QString &presented);

// Appends the parameters to the redirect URI's query, keeping a query it already has (RFC 6749
// §3.1.2: "MUST retain the query component"), each form-encoded.
QString withParameters(
    const QString &redirectUri, const QList<QPair<QString, QString>> &parameters);

} // namespace RedirectUri
