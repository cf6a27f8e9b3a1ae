#include "submodule_input.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <variant>

#include "syncwasm/hex.h"
#include "syncwasm/runtime/submodule_registry.h"

namespace syncwasm::cli {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The hex digits of KEY/--prefix text without its optional 0x or hex: prefix.
std::string_view hex_digits(std::string_view text) {
  if (starts_with(text, "0x") || starts_with(text, "0X")) return text.substr(2);
  if (starts_with(text, "hex:")) return text.substr(4);
  return text;
}

// The argument as given, shortened for a one-line message.
std::string shown_argument(std::string_view text) {
  constexpr size_t kMax = 40;
  if (text.size() <= kMax) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kMax)) + "...' (" + std::to_string(text.size()) +
         " characters)";
}

void append_leb_u32(std::string& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (value != 0);
}

// A section: id, size, contents.
void append_section(std::string& out, uint8_t id, const std::string& contents) {
  out.push_back(static_cast<char>(id));
  append_leb_u32(out, static_cast<uint32_t>(contents.size()));
  out += contents;
}

void append_name(std::string& out, std::string_view name) {
  append_leb_u32(out, static_cast<uint32_t>(name.size()));
  out += name;
}

const std::string kWasmHeader("\0asm\x01\0\0\0", 8);

}  // namespace

std::string parse_submodule_key(const std::string& text, const std::string& what) {
  std::string key;
  if (starts_with(text, "utf8:")) {
    key = text.substr(5);
  } else {
    std::optional<std::string> bytes = hex_decode(hex_digits(text));
    if (!bytes) {
      fail(kExitUsage, what + " " + shown_argument(text) +
                           " is not hex (an even number of hex digits, e.g. 6b6579) nor utf8:TEXT");
    }
    key = std::move(*bytes);
  }
  if (key.size() < runtime::kMinSubmoduleKeySize || key.size() > runtime::kMaxSubmoduleKeySize) {
    fail(kExitUsage, what + " " + shown_argument(text) + " is " + std::to_string(key.size()) +
                         " bytes: a submodule key is " +
                         std::to_string(runtime::kMinSubmoduleKeySize) + " to " +
                         std::to_string(runtime::kMaxSubmoduleKeySize) + " bytes");
  }
  return key;
}

std::string parse_key_prefix(const std::string& text) {
  std::optional<std::string> bytes = hex_decode(hex_digits(text));
  if (!bytes) fail(kExitUsage, "--prefix " + shown_argument(text) + " is not hex");
  if (bytes->size() > runtime::kMaxSubmoduleKeySize) {
    fail(kExitUsage, "--prefix is " + std::to_string(bytes->size()) +
                         " bytes, longer than any submodule key (1024)");
  }
  return std::move(*bytes);
}

std::string printable_key(std::string_view key) {
  for (char c : key)
    if (c < 0x20 || c > 0x7e) return {};
  return std::string(key);
}

std::string describe_key(std::string_view key) {
  std::string text = hex_encode(key);
  if (std::string printable = printable_key(key); !printable.empty())
    text += " (utf8:" + printable + ")";
  return text;
}

void add_policy_options(CLI::App* command, PolicyOptions& options) {
  options.json_option =
      command
          ->add_option("--policy", options.json,
                       "The policy, JSON: {\"storage_prefix_hex\": \"\", \"storage_access\": "
                       "\"none|read|read_write\", \"parent_functions\": [], "
                       "\"share_parent_memory\": false, \"nested_calls\": false} (every field "
                       "optional; these are the defaults)")
          ->type_name("JSON");
  options.file_option =
      command->add_option("--policy-file", options.file, "Read the policy JSON from a file")
          ->type_name("FILE");
}

runtime::SubmodulePolicy read_policy(const PolicyOptions& options) {
  const bool has_json = options.json_option != nullptr && options.json_option->count() > 0;
  const bool has_file = options.file_option != nullptr && options.file_option->count() > 0;
  if (has_json && has_file) fail(kExitUsage, "give the policy once: --policy or --policy-file");
  if (!has_json && !has_file) return runtime::SubmodulePolicy{};
  const std::string text = has_json ? options.json : read_file_bytes(options.file);
  auto parsed = runtime::parse_policy_json(text);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    fail(kExitUsage,
         (has_json ? std::string("--policy") : "--policy-file " + options.file) + ": " + *why);
  }
  return std::get<runtime::SubmodulePolicy>(std::move(parsed));
}

std::string read_file_bytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(kExitUnreadable, path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(kExitUnreadable, "cannot read " + path + ": " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(kExitUnreadable, "cannot read " + path);
  return bytes;
}

std::string counter_key(uint64_t n) {
  std::string key(20, '\0');
  for (int i = 0; i < 8; ++i) key[19 - i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return key;
}

std::string generated_submodule(uint64_t n) {
  const std::string digits = std::to_string(n);  // at most 20 bytes
  std::string out = kWasmHeader;
  // Types: 0 = (i64, i64) -> (), 1 = () -> ().
  append_section(out, 1, std::string("\x02\x60\x02\x7e\x7e\x00\x60\x00\x00", 9));
  // Import env.value_return : type 0 (function 0).
  std::string imports("\x01", 1);
  append_name(imports, "env");
  append_name(imports, "value_return");
  imports += std::string("\x00\x00", 2);
  append_section(out, 2, imports);
  append_section(out, 3, std::string("\x01\x01", 2));      // function 1 : type 1
  append_section(out, 5, std::string("\x01\x00\x01", 3));  // memory 0: one page
  std::string exports("\x02", 1);
  append_name(exports, "get");
  exports += std::string("\x00\x01", 2);  // function 1
  append_name(exports, "memory");
  exports += std::string("\x02\x00", 2);  // memory 0
  append_section(out, 7, exports);
  // get: value_return(len, 0), len < 64 so one signed LEB byte.
  std::string body("\x00\x42", 2);
  body.push_back(static_cast<char>(digits.size()));
  body += std::string("\x42\x00\x10\x00\x0b", 5);
  std::string code("\x01", 1);
  append_leb_u32(code, static_cast<uint32_t>(body.size()));
  code += body;
  append_section(out, 10, code);
  // Data: the digits at address 0.
  std::string data("\x01\x00\x41\x00\x0b", 5);
  append_name(data, digits);
  append_section(out, 11, data);
  return out;
}

std::string templated_submodule(std::string_view template_wasm, uint64_t n) {
  std::string contents;
  append_name(contents, "syncwasm.gen");
  for (int i = 0; i < 8; ++i) contents.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  std::string out(template_wasm);
  append_section(out, 0, contents);
  return out;
}

}  // namespace syncwasm::cli
