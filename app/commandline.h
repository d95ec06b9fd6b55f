// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"
#include "store/settingsoverrides.h"

#include <QString>
#include <QStringList>

// The command line shared by the window and headless mode.
struct CommandLine
{
    enum class Mode { Window, Headless, Help, Version, Error };

    Mode mode = Mode::Window;
    QString configPath; // empty: the platform default
    SettingsOverrides overrides; // --port, --bind, --context-path
    QString helpText;
    QString errorText;

    // Parses arguments (arguments[0] is the program). Pure: no Q*Application needed.
    static CommandLine parse(const QStringList &arguments);

    // Settings from the file with this run's overrides applied.
    ServerSettings applyTo(ServerSettings settings) const;
    ResourceServerSettings applyTo(ResourceServerSettings settings) const
    {
        return overrides.applyTo(std::move(settings));
    }
};
