// sluice — the command-line tool. See docs/CLI.md and ../shared/INTERFACE.md.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "sluice/version.hpp"

int main(int argc, char** argv) {
  using namespace sluice::cli;
  CLI::App app{"sluice — media I/O: read, hash, compress and probe streams fast", "sluice"};
  app.set_version_flag("--version", std::string("sluice ") + sluice::version_string);
  app.require_subcommand(1);
  app.fallthrough(false);

  std::vector<std::pair<CLI::App*, command>> commands;
  auto add = [&](command (*fn)(CLI::App&)) {
    std::size_t before = app.get_subcommands({}).size();
    command run = fn(app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(run));
  };
  add(add_cat);
  add(add_compress);
  add(add_decompress);
  add(add_hash);
  add(add_probe);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);  // 0
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "sluice: %s\n", e.what());
    std::fprintf(stderr, "Run 'sluice --help' for usage.\n");
    return exit_usage;
  }
  for (auto& [sub, run] : commands)
    if (sub->parsed()) return run();
  return exit_usage;
}
