// sw-rename-import: renames one import of a Wasm binary, e.g. the memory wasm-ld imports as
// "env" "memory" (-Wl,--import-memory) into the "parent" "memory" a syncwasm submodule needs to
// share its main contract's memory (wasm-ld before LLVM 17 cannot name the memory import).
//
//   sw-rename-import IN.wasm OUT.wasm OLD_MODULE OLD_NAME NEW_MODULE NEW_NAME
//
// Only the import section is rewritten; every other byte is copied. Exit status 1 when the
// input is malformed or has no such import.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

struct Reader {
  const Bytes& b;
  size_t pos;
  size_t end;
  std::optional<uint64_t> leb() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && pos < end; shift += 7) {
      uint8_t byte = b[pos++];
      v |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    return std::nullopt;
  }
  std::optional<std::string> name() {
    auto len = leb();
    if (!len || *len > end - pos) return std::nullopt;
    std::string s(b.begin() + long(pos), b.begin() + long(pos + *len));
    pos += *len;
    return s;
  }
  bool skip(size_t n) {
    if (n > end - pos) return false;
    pos += n;
    return true;
  }
  bool limits() {
    if (pos >= end) return false;
    uint8_t flags = b[pos++];
    if (!leb()) return false;
    return !(flags & 1) || leb().has_value();
  }
};

void put_leb(Bytes& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(v ? byte | 0x80 : byte);
  } while (v);
}

void put_name(Bytes& out, const std::string& s) {
  put_leb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

int fail(const char* why) {
  std::fprintf(stderr, "sw-rename-import: %s\n", why);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) return fail("usage: IN.wasm OUT.wasm OLD_MODULE OLD_NAME NEW_MODULE NEW_NAME");
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) return fail("cannot read the input");
  Bytes b((std::istreambuf_iterator<char>(in)), {});
  const std::string old_module = argv[3], old_name = argv[4], new_module = argv[5], new_name = argv[6];
  if (b.size() < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') return fail("not a wasm binary");

  Bytes out(b.begin(), b.begin() + 8);
  Reader r{b, 8, b.size()};
  int renamed = 0;
  while (r.pos < b.size()) {
    uint8_t id = b[r.pos++];
    auto size = r.leb();
    if (!size || *size > b.size() - r.pos) return fail("malformed section header");
    size_t start = r.pos, end = r.pos + *size;
    Bytes body(b.begin() + long(start), b.begin() + long(end));
    if (id == 2) {  // import section
      Reader s{b, start, end};
      auto count = s.leb();
      if (!count) return fail("malformed import section");
      body.clear();
      put_leb(body, *count);
      for (uint64_t i = 0; i < *count; ++i) {
        auto module = s.name();
        auto name = s.name();
        if (!module || !name || s.pos >= end) return fail("malformed import");
        size_t desc = s.pos;
        uint8_t kind = b[s.pos++];
        bool ok = kind == 0   ? s.leb().has_value()
                  : kind == 1 ? s.skip(1) && s.limits()
                  : kind == 2 ? s.limits()
                  : kind == 3 ? s.skip(2)
                              : false;
        if (!ok) return fail("malformed import description");
        bool match = *module == old_module && *name == old_name;
        renamed += match;
        put_name(body, match ? new_module : *module);
        put_name(body, match ? new_name : *name);
        body.insert(body.end(), b.begin() + long(desc), b.begin() + long(s.pos));
      }
      if (s.pos != end) return fail("trailing bytes in the import section");
    }
    out.push_back(id);
    put_leb(out, body.size());
    out.insert(out.end(), body.begin(), body.end());
    r.pos = end;
  }
  if (!renamed) return fail(("no import " + old_module + " " + old_name).c_str());
  std::ofstream o(argv[2], std::ios::binary);
  o.write(reinterpret_cast<const char*>(out.data()), long(out.size()));
  return o ? 0 : fail("cannot write the output");
}
