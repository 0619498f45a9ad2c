// Copies argv[1] to argv[2] through the pump, as a user of the installed package would.
#include <cstdio>

#include "sluice/native/file.hpp"
#include "sluice/pump.hpp"
#include "sluice/version.hpp"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  sluice::native::FileSource src(argv[1]);
  sluice::native::FileSink sink(argv[2]);
  sluice::status s = sluice::pump_all(src, {}, sink);
  std::printf("sluice %s: %s\n", sluice::version_string, s.is_end() ? "copied" : s.to_string().c_str());
  return s.is_end() ? 0 : 1;
}
