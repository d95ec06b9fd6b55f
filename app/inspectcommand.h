// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QIODevice;

// `oauth2-playground inspect [--jwks FILE_OR_URL | --key FILE | --secret SECRET] TOKEN`: the token
// inspector (JwtInspector) on the command line. Prints one JSON object {"header", "claims",
// "signature", "validity"} and returns the exit code: 0 decoded (and verified, when a key was
// given), 1 verification failed, 2 malformed token, 64 usage error.
//
// "arguments" are those after "inspect". Needs a QCoreApplication: a JWK set URL is fetched
// with its event loop. "in" is read when TOKEN is "-".
int runInspect(const QStringList &arguments, QIODevice *out, QIODevice *err, QIODevice *in);
// The same on the process's stdout, stderr and stdin.
int runInspect(const QStringList &arguments);
// For main(), before the normal command line is parsed: creates the QCoreApplication and runs
// runInspect() on the arguments after argv[1] ("inspect").
int runInspectCommand(int &argc, char **argv);
