// SPDX-License-Identifier: GPL-3.0-or-later
//
// playground-configsaver CONFIG_FILE: a helper for tst_configkill, not a product program. Loads
// the configuration as the app does (ConfigFile::load), then saves the two documents of
// killsavedocuments.h alternately through ConfigFile::save, the path the window's saves and
// headless mode use, as fast as it can until it is killed. Prints "saving" once the first save
// has completed, so the test knows the loop is running.

#include "killsavedocuments.h"
#include "store/configfile.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: playground-configsaver CONFIG_FILE\n");
        return 2;
    }
    const ConfigFile file(args.at(1));
    const ConfigFile::LoadResult loaded = file.load();
    if (loaded.status == ConfigFile::Status::Invalid) {
        std::fprintf(stderr, "playground-configsaver: %s\n", qPrintable(loaded.error));
        return 1;
    }
    const Configuration documents[] = {KillSaveDocuments::small(), KillSaveDocuments::large()};
    // Start with the document that is not on disk, so that every save changes the file.
    int next = loaded.configuration == documents[0] ? 1 : 0;
    for (bool first = true;; first = false) {
        QString error;
        if (!file.save(documents[next], &error)) {
            std::fprintf(stderr, "playground-configsaver: %s\n", qPrintable(error));
            return 1;
        }
        if (first) {
            std::printf("saving\n");
            std::fflush(stdout);
        }
        next = 1 - next;
    }
}
