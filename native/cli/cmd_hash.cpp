// sluice hash [-a ALGO[,ALGO...]] [--tag] [--json] [-c LIST] [FILE...]
//
// Reads each input once and feeds every requested algorithm from the same slices.
// Output forms (INTERFACE.md):
//   default  "<hex>  <name>"              one line per file and algorithm (as sha256sum)
//   --tag    "<ALGO> (<name>) = <hex>"     ALGO upper-case (as sha256sum --tag)
//   --json   one JSON object per file:    {"name":..., "bytes":N, "<algo>":"<hex>", ...}
//            (bytes of the name that are not UTF-8 are shown as U+FFFD)
// -c LIST checks lines of either form and prints "<name>: OK" / "<name>: FAILED" (as sha256sum
// -c, with its --quiet, --status, --strict, --warn and --ignore-missing). Lines without a tag
// are in the -a algorithm; with no -a, in the one of that hex length that matches (blake3 or
// sha256, md5 or xxh128, ...), so that lists of sha256sum, md5sum, b3sum, xxhsum check as-is.
// Names containing a newline or a backslash are escaped as sha256sum does (a leading '\').
#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "sluice/hash.hpp"
#include "sluice/native/hash_file.hpp"

namespace sluice::cli {

namespace {

struct hash_options {
  std::vector<std::string> files;
  std::vector<std::string> algos_arg;
  std::vector<hash_algorithm> algos;
  bool tag = false;
  bool json = false;
  bool progress = false;
  bool quiet = false;
  bool status = false;          // -c: no output, the exit status says it
  bool strict = false;          // -c: improperly formatted lines fail
  bool warn = false;            // -c: warn about each improperly formatted line
  bool ignore_missing = false;  // -c: skip listed files that do not exist
  unsigned threads = 0;  // 0: all cores, as b3sum by default
  std::string check;
};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// sha256sum's escaping: '\' -> "\\", newline -> "\n"; the line then starts with '\'.
bool needs_escape(const std::string& name) {
  return name.find_first_of("\\\n\r") != std::string::npos;
}
std::string escape_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out;
}
std::optional<std::string> unescape_name(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') { out += s[i]; continue; }
    if (++i == s.size()) return std::nullopt;
    if (s[i] == '\\') out += '\\';
    else if (s[i] == 'n') out += '\n';
    else if (s[i] == 'r') out += '\r';
    else return std::nullopt;
  }
  return out;
}

// Length of the well-formed UTF-8 sequence at s[i] (1..4), or 0 when it is not one.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xbf;  // the range of the second byte
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
  else return 0;
  if (i + n > s.size() || b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xbf) return 0;
  return n;
}

// A JSON string (RFC 8259) of `s`. File names are bytes: a byte that is not part of
// well-formed UTF-8 becomes U+FFFD, so that the line is always valid UTF-8 JSON.
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s, i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

struct file_result {
  std::vector<std::string> hex;  // one per algorithm, in order
  std::uint64_t bytes = 0;
};

// Hashes one input with every algorithm in one pass: native::hash_file() chooses how the
// bytes are read (pread, a mapping, or blake3's threads each reading their own units).
status hash_file(const std::string& path, const std::vector<hash_algorithm>& algos,
                 const hash_options& o, file_result& out) {
  Progress progress(display_name(path), o.progress);
  native::hash_file_options opt;
  opt.threads = o.threads;
  opt.observer = &progress;
  opt.from_current_offset = path == "-";  // stdin: from where it stands, as sha256sum < file
  native::file_digests d;
  status s = path == "-" ? native::hash_fd(0, algos, d, opt) : native::hash_file(path, algos, d, opt);
  progress.done();
  if (s.is_error()) return s;
  out.bytes = d.bytes;
  out.hex.clear();
  for (const auto& digest : d.digests) out.hex.push_back(to_hex(digest));
  return end_of_stream();
}

void print_line(const hash_options& o, hash_algorithm a, const std::string& hex, const std::string& name) {
  const bool esc = needs_escape(name);
  const std::string shown = esc ? escape_name(name) : name;
  if (o.tag)
    std::printf("%s%s (%s) = %s\n", esc ? "\\" : "", upper(hash_name(a)).c_str(), shown.c_str(), hex.c_str());
  else
    std::printf("%s%s  %s\n", esc ? "\\" : "", hex.c_str(), shown.c_str());
}

int run_hash(hash_options& o) {
  if (o.files.empty()) o.files.push_back("-");
  int rc = exit_ok;
  for (const auto& f : o.files) {
    file_result r;
    status s = hash_file(f, o.algos, o, r);
    if (s.is_error()) {
      report(display_name(f), s);
      rc = exit_failure;
      continue;
    }
    if (o.json) {
      std::string line = "{\"name\":" + json_string(f) + ",\"bytes\":" + std::to_string(r.bytes);
      for (std::size_t i = 0; i < o.algos.size(); ++i)
        line += ",\"" + std::string(hash_name(o.algos[i])) + "\":\"" + r.hex[i] + "\"";
      std::printf("%s}\n", line.c_str());
    } else {
      for (std::size_t i = 0; i < o.algos.size(); ++i) print_line(o, o.algos[i], r.hex[i], f);
    }
  }
  if (!flush_stdout()) rc = exit_failure;
  return rc;
}

struct check_line {
  std::vector<hash_algorithm> algos;  // the line's algorithm, or the candidates for its length
  std::string hex;
  std::string name;
  bool tagged = false;                // "<ALGO> (<name>) = <hex>" or xxhsum's "XXH3_<hex>"
};

bool is_hex(const std::string& h) {
  return !h.empty() && h.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

// Lines without a tag, with no -a: the algorithms whose hex has that many digits, the tool's
// own first (b3sum and sluice: blake3; md5sum: md5; xxhsum's default: xxh64; crc32 as cksum
// -a crc32b / python's zlib). One pass hashes the file with all of them; the one that matched
// is then used alone for the rest of the list's lines of that length.
std::vector<hash_algorithm> candidates_for(std::size_t hex_digits) {
  using A = hash_algorithm;
  switch (hex_digits) {
    case 8: return {A::crc32, A::crc32c};
    case 16: return {A::xxh64, A::xxh3, A::crc64, A::crc64nvme};
    case 32: return {A::md5, A::xxh128};
    case 64: return {A::blake3, A::sha256};
    default: return {};
  }
}

// The hex of the same bytes in reverse order ("0a1b" -> "1b0a"); an odd length stays odd
// (and is then refused for its length).
std::string reverse_bytes(const std::string& hex) {
  if (hex.size() % 2) return hex;
  std::string out;
  for (std::size_t i = hex.size(); i >= 2; i -= 2) out += hex.substr(i - 2, 2);
  return out;
}

// "<ALGO> (<name>) = <hex>". The name may itself contain ") = ": split at the last one.
std::optional<check_line> parse_tag_form(const std::string& line) {
  auto open = line.find(" (");
  auto close = line.rfind(") = ");
  if (open == std::string::npos || close == std::string::npos || close <= open) return std::nullopt;
  std::string tag = line.substr(0, open);
  // xxhsum --little-endian --tag: "XXH64_LE", "XXH3_LE", "XXH128_LE" (the digest's bytes reversed).
  const bool le = tag.size() > 3 && upper(tag.substr(tag.size() - 3)) == "_LE";
  if (le) tag.resize(tag.size() - 3);
  auto algo = parse_hash_name(tag);
  std::string hex = line.substr(close + 4);
  if (!algo || !is_hex(hex)) return std::nullopt;
  if (le && *algo != hash_algorithm::xxh64 && *algo != hash_algorithm::xxh3 && *algo != hash_algorithm::xxh128)
    return std::nullopt;
  if (le) hex = reverse_bytes(hex);
  return check_line{{*algo}, hex, line.substr(open + 2, close - open - 2), true};
}

// "<hex>  <name>" or "<hex> *<name>" (sha256sum's binary marker); xxhsum 0.8.2 writes XXH3
// as "XXH3_<hex>  <name>". Without -a (`algo` empty) the hex length gives the candidates.
std::optional<check_line> parse_default_form(const std::string& line, std::optional<hash_algorithm> algo) {
  auto sp = line.find(' ');
  if (sp == std::string::npos || sp + 2 > line.size()) return std::nullopt;
  if (line[sp + 1] != ' ' && line[sp + 1] != '*') return std::nullopt;
  std::string hex = line.substr(0, sp);
  check_line c{{}, hex, line.substr(sp + 2), false};
  if (hex.rfind("XXH3_LE_", 0) == 0) {  // xxhsum 0.8.2 --little-endian
    c.hex = reverse_bytes(hex.substr(8));
    c.algos = {hash_algorithm::xxh3};
    c.tagged = true;
  } else if (hex.rfind("XXH3_", 0) == 0) {
    c.hex = hex.substr(5);
    c.algos = {hash_algorithm::xxh3};
    c.tagged = true;
  } else if (algo) {
    c.algos = {*algo};
  } else {
    c.algos = candidates_for(hex.size());
  }
  if (!is_hex(c.hex) || c.algos.empty()) return std::nullopt;
  return c;
}

std::optional<check_line> parse_check_line(std::string line, std::optional<hash_algorithm> algo) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  line.erase(0, line.find_first_not_of(" \t"));  // coreutils allows leading blanks
  const bool escaped = !line.empty() && line[0] == '\\';
  if (escaped) line.erase(0, 1);
  auto c = parse_tag_form(line);
  if (!c) c = parse_default_form(line, algo);
  if (!c || c->name.empty() || c->hex.size() != 2 * digest_size(c->algos[0])) return std::nullopt;
  for (auto& ch : c->hex) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (escaped) {
    auto n = unescape_name(c->name);
    if (!n) return std::nullopt;
    c->name = *n;
  }
  return c;
}

// "<name>: OK" as sha256sum -c prints it: a name with a newline is escaped, the line then
// starts with '\' (so that every result is one line).
void print_result(const std::string& name, const char* what) {
  if (name.find('\n') != std::string::npos)
    std::printf("\\%s: %s\n", escape_name(name).c_str(), what);
  else
    std::printf("%s: %s\n", name.c_str(), what);
}

int run_check(hash_options& o) {
  std::ifstream list;
  std::istream* in = &std::cin;
  if (o.check != "-") {
    list.open(o.check);
    if (!list) {
      report(o.check, io_error(errno, "cannot open"));
      return exit_failure;
    }
    struct stat st {};
    if (::stat(o.check.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {  // ifstream opens one
      report(o.check, io_error(EISDIR, "cannot read"));
      return exit_failure;
    }
    in = &list;
  }
  const std::optional<hash_algorithm> algo =
      o.algos.empty() ? std::nullopt : std::optional<hash_algorithm>(o.algos[0]);
  std::vector<std::optional<hash_algorithm>> matched_by_length(2 * max_digest_size + 1);
  const std::string what = display_name(o.check);
  std::string line;
  std::size_t line_no = 0, bad_lines = 0, failed = 0, unreadable = 0, checked = 0, missing = 0;
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.empty() || line == "\r" || line[0] == '#') continue;
    auto c = parse_check_line(line, algo);
    if (!c) {
      ++bad_lines;
      if (o.warn)
        report(what, std::to_string(line_no) + ": improperly formatted checksum line" +
                         (algo ? std::string(" for ") + hash_name(*algo) : std::string()));
      continue;
    }
    // Without -a, an untagged line's candidates: the algorithm that matched a line of this
    // length before is tried alone first; the others only if it does not match (a list
    // that joins b3sum's and sha256sum's lines then still checks).
    auto& known = matched_by_length[c->hex.size()];
    std::vector<hash_algorithm> rest;
    if (!c->tagged && c->algos.size() > 1 && known) {
      for (auto a : c->algos)
        if (a != *known) rest.push_back(a);
      c->algos = {*known};
    }
    file_result r;
    status s = hash_file(c->name, c->algos, o, r);
    if (s.is_error()) {
      if (o.ignore_missing && s.kind == status_kind::io_error && s.sys_errno == ENOENT) {
        ++missing;
        continue;
      }
      ++checked;
      report(display_name(c->name), s);
      if (!o.status) print_result(c->name, "FAILED open or read");
      ++unreadable;
      continue;
    }
    ++checked;
    auto matching = [&](const file_result& res, const std::vector<hash_algorithm>& algos) {
      for (std::size_t i = 0; i < algos.size(); ++i)
        if (res.hex[i] == c->hex) {
          if (!c->tagged && (algos.size() > 1 || !rest.empty())) known = algos[i];
          return true;
        }
      return false;
    };
    bool match = matching(r, c->algos);
    if (!match && !rest.empty() && !hash_file(c->name, rest, o, r).is_error()) match = matching(r, rest);
    if (!match) ++failed;
    if (!o.status && (!match || !o.quiet)) print_result(c->name, match ? "OK" : "FAILED");
  }
  const bool written = flush_stdout();
  if (bad_lines && !o.status)
    report(what, std::to_string(bad_lines) + " line" + (bad_lines > 1 ? "s are" : " is") + " improperly formatted");
  if (unreadable && !o.status)
    report(what, std::to_string(unreadable) + " listed file" + (unreadable > 1 ? "s" : "") + " could not be read");
  if (failed && !o.status)
    report(what, std::to_string(failed) + " computed checksum" + (failed > 1 ? "s" : "") + " did NOT match");
  if (checked == 0) {
    if (missing) report(what, "no file was verified");
    else report(what, "no properly formatted checksum lines found");
    return exit_failure;
  }
  // As sha256sum: improperly formatted lines are warned about, and fail only with --strict.
  return failed || unreadable || (o.strict && bad_lines) || !written ? exit_failure : exit_ok;
}

}  // namespace

command add_hash(CLI::App& app) {
  auto o = std::make_shared<hash_options>();
  auto* cmd = app.add_subcommand("hash", "Print or check checksums (default algorithm: blake3)");
  cmd->add_option("files", o->files, "Files to hash ('-' or none: standard input)");
  std::string names;
  for (std::size_t i = 0; i < hash_algorithm_count; ++i)
    names += std::string(i ? ", " : "") + hash_name(static_cast<hash_algorithm>(i));
  cmd->add_option("-a,--algorithm", o->algos_arg, "Algorithms, comma-separated: " + names)
      ->delimiter(',')
      ->allow_extra_args(false);  // "-a sha256 FILE": FILE is not an algorithm
  cmd->add_flag("--tag", o->tag, "Print '<ALGO> (<name>) = <hex>' lines");
  cmd->add_flag("--json", o->json, "Print one JSON object per file");
  cmd->add_option("-c,--check", o->check, "Check the checksums listed in LISTFILE ('-': stdin)")
      ->type_name("LISTFILE");
  cmd->add_flag("--quiet", o->quiet, "With -c: print only failures");
  cmd->add_flag("--status", o->status, "With -c: print nothing; the exit status tells");
  cmd->add_flag("--strict", o->strict, "With -c: exit 1 when a line is improperly formatted");
  cmd->add_flag("-w,--warn", o->warn, "With -c: warn about each improperly formatted line");
  cmd->add_flag("--ignore-missing", o->ignore_missing, "With -c: skip listed files that do not exist");
  cmd->add_option("--threads", o->threads,
                  "Threads for blake3 of a regular file of 256 KiB or more (0 = all cores, the default, as b3sum; 1 = one); other algorithms use one")
      ->capture_default_str();
  cmd->add_flag("--progress", o->progress, "Show progress on stderr even when not a terminal");
  return [o]() {
    for (const auto& a : o->algos_arg) {
      auto algo = parse_hash_name(a);
      if (!algo) {
        report("-a " + a, "unknown algorithm (known: crc32, crc32c, crc64, crc64nvme, md5, sha256, blake3, xxh64, xxh3, xxh128)");
        return int(exit_usage);
      }
      o->algos.push_back(*algo);
    }
    if (!o->check.empty()) {
      if (o->tag || o->json || !o->files.empty()) {
        report("-c", "cannot be combined with --tag, --json or FILE arguments");
        return int(exit_usage);
      }
      if (o->algos.size() > 1) {
        report("-c", "takes at most one -a (the algorithm of lines without a tag)");
        return int(exit_usage);
      }
      return run_check(*o);
    }
    if (o->tag && o->json) {
      report("--tag", "cannot be combined with --json");
      return int(exit_usage);
    }
    if (o->algos.empty()) o->algos.push_back(hash_algorithm::blake3);
    return run_hash(*o);
  };
}

}  // namespace sluice::cli
