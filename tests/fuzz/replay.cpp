// SPDX-License-Identifier: GPL-3.0-or-later
//
// The fuzz targets without libFuzzer: replays every file of the folders (or files) given on the
// command line through LLVMFuzzerTestOneInput, so the seed corpus and every input that once
// crashed run as an ordinary test in the normal build (tests/fuzz/CMakeLists.txt).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        if (fs::is_directory(arg)) {
            for (const fs::directory_entry &entry : fs::recursive_directory_iterator(arg)) {
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            }
        } else if (fs::is_regular_file(arg)) {
            files.push_back(arg);
        } else if (!fs::exists(arg)) {
            // An empty regressions folder is not in git; a missing corpus is a mistake.
            std::fprintf(stderr, "replay: %s does not exist (skipped)\n", argv[i]);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "replay: no inputs\n");
        return 1;
    }
    for (const fs::path &file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::vector<char> bytes {std::istreambuf_iterator<char>(in), {}};
        // A copy in a buffer of its own exact size, as libFuzzer passes it, so that a read past
        // the end is caught by ASan in a sanitizer build.
        std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), data.size());
        LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    std::printf("replay: %zu inputs, no failure\n", files.size());
    return 0;
}
