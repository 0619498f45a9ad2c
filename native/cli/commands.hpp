// Each command adds its subcommand to the app and returns the function that runs it.
#pragma once

#include <functional>

namespace CLI { class App; }

namespace sluice::cli {

using command = std::function<int()>;

command add_cat(CLI::App& app);
command add_compress(CLI::App& app);
command add_decompress(CLI::App& app);
command add_probe(CLI::App& app);
command add_hash(CLI::App& app);

}  // namespace sluice::cli
