// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

struct CommandLine;

// Exit codes of headless mode, for scripts.
enum HeadlessExitCode {
    ExitOk = 0,
    ExitCannotListen = 1, // port in use, bad bind address
    ExitBadConfiguration = 2, // configuration or key file unreadable or invalid
};

// Runs the authorization server without a window until SIGINT/SIGTERM. Needs a QCoreApplication.
int runHeadless(const CommandLine &commandLine);
