#include "lambda/zip.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "base/status_macros.h"

namespace stepshift::lambdas {

namespace {

constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kCentralSignature = 0x02014b50;
constexpr uint32_t kLocalSignature = 0x04034b50;
constexpr size_t kEndSize = 22;
constexpr size_t kCentralSize = 46;
constexpr size_t kLocalSize = 30;

uint32_t Read16(std::string_view s, size_t at) {
  return uint8_t(s[at]) | uint8_t(s[at + 1]) << 8;
}

uint32_t Read32(std::string_view s, size_t at) {
  return Read16(s, at) | Read16(s, at + 2) << 16;
}

void Put16(std::string* out, uint32_t v) {
  out->push_back(char(v & 0xff));
  out->push_back(char((v >> 8) & 0xff));
}

void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

Status Malformed(std::string_view why) {
  return Status::InvalidArgument("not a valid zip archive: " + std::string(why));
}

Result<std::string> Inflate(std::string_view compressed, size_t size) {
  std::string out(size, '\0');
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
    return Status::Internal("inflateInit2 failed");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = uInt(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = uInt(out.size());
  int rc = inflate(&stream, Z_FINISH);
  size_t produced = stream.total_out;
  inflateEnd(&stream);
  if (rc != Z_STREAM_END || produced != size) {
    return Malformed("bad deflate data");
  }
  return out;
}

// The end-of-central-directory record: the last 22+ bytes, possibly followed by a comment.
Result<size_t> FindEnd(std::string_view archive) {
  if (archive.size() < kEndSize) {
    return Malformed("too short");
  }
  size_t lowest = archive.size() > kEndSize + 0xffff ? archive.size() - kEndSize - 0xffff : 0;
  for (size_t at = archive.size() - kEndSize + 1; at-- > lowest;) {
    if (Read32(archive, at) == kEndSignature) {
      return at;
    }
  }
  return Malformed("no end of central directory");
}

Result<ZipEntry> ReadEntry(std::string_view archive, size_t central) {
  if (central + kCentralSize > archive.size() || Read32(archive, central) != kCentralSignature) {
    return Malformed("bad central directory");
  }
  uint32_t method = Read16(archive, central + 10);
  uint32_t crc = Read32(archive, central + 16);
  size_t compressed = Read32(archive, central + 20);
  size_t size = Read32(archive, central + 24);
  size_t name_length = Read16(archive, central + 28);
  size_t local = Read32(archive, central + 42);
  if (central + kCentralSize + name_length > archive.size() ||
      local + kLocalSize > archive.size() || Read32(archive, local) != kLocalSignature) {
    return Malformed("bad entry header");
  }
  ZipEntry entry;
  entry.name = std::string(archive.substr(central + kCentralSize, name_length));
  entry.mode = (Read32(archive, central + 38) >> 16) & 0777;
  size_t data = local + kLocalSize + Read16(archive, local + 26) + Read16(archive, local + 28);
  if (data + compressed > archive.size() || size > (512u << 20)) {
    return Malformed("truncated entry");
  }
  std::string_view raw = archive.substr(data, compressed);
  if (method == 0) {
    entry.data = std::string(raw);
  } else if (method == 8) {
    ASSIGN_OR_RETURN(entry.data, Inflate(raw, size));
  } else {
    return Malformed("unsupported compression method");
  }
  if (entry.data.size() != size ||
      crc32(0, reinterpret_cast<const Bytef*>(entry.data.data()), uInt(size)) != crc) {
    return Malformed("CRC mismatch");
  }
  return entry;
}

size_t CentralEntrySize(std::string_view archive, size_t at) {
  return kCentralSize + Read16(archive, at + 28) + Read16(archive, at + 30) +
         Read16(archive, at + 32);
}

bool EscapesDirectory(const std::string& name) {
  if (name.empty() || name[0] == '/' || name[0] == '\\') {
    return true;
  }
  for (const auto& part : std::filesystem::path(name)) {
    if (part == "..") {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::vector<ZipEntry>> ReadZip(std::string_view archive) {
  ASSIGN_OR_RETURN(size_t end, FindEnd(archive));
  size_t count = Read16(archive, end + 10);
  size_t at = Read32(archive, end + 16);
  std::vector<ZipEntry> entries;
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(ZipEntry entry, ReadEntry(archive, at));
    entries.push_back(std::move(entry));
    at += CentralEntrySize(archive, at);
  }
  return entries;
}

Status ExtractZip(std::string_view archive, const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<ZipEntry> entries, ReadZip(archive));
  for (const ZipEntry& entry : entries) {
    if (EscapesDirectory(entry.name)) {
      return Malformed("entry outside the archive root: " + entry.name);
    }
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  for (const ZipEntry& entry : entries) {
    fs::path path = fs::path(dir) / entry.name;
    if (entry.name.back() == '/') {
      fs::create_directories(path, ec);
      continue;
    }
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(entry.data.data(), std::streamsize(entry.data.size()));
    if (!out) {
      return Status::Unavailable("cannot write " + path.string());
    }
    out.close();
    if (entry.mode != 0) {
      fs::permissions(path, fs::perms(entry.mode | 0600), ec);
    }
  }
  return Status::Ok();
}

std::string MakeZip(const std::vector<ZipEntry>& entries) {
  std::string out;
  std::string central;
  for (const ZipEntry& entry : entries) {
    uint32_t crc =
        crc32(0, reinterpret_cast<const Bytef*>(entry.data.data()), uInt(entry.data.size()));
    uint32_t offset = uint32_t(out.size());
    auto common = [&](std::string* to) {
      Put16(to, 20);  // version needed
      Put16(to, 0);   // flags
      Put16(to, 0);   // stored
      Put32(to, 0);   // DOS time and date
      Put32(to, crc);
      Put32(to, uint32_t(entry.data.size()));
      Put32(to, uint32_t(entry.data.size()));
      Put16(to, uint32_t(entry.name.size()));
      Put16(to, 0);  // extra length
    };
    Put32(&out, kLocalSignature);
    common(&out);
    out += entry.name;
    out += entry.data;
    Put32(&central, kCentralSignature);
    Put16(&central, 0x0314);  // made by Unix, spec 2.0
    common(&central);
    Put16(&central, 0);  // comment length
    Put16(&central, 0);  // disk
    Put16(&central, 0);  // internal attributes
    Put32(&central, (entry.mode ? entry.mode | 0100000 : 0100644) << 16);
    Put32(&central, offset);
    central += entry.name;
  }
  uint32_t central_offset = uint32_t(out.size());
  out += central;
  Put32(&out, kEndSignature);
  Put32(&out, 0);  // disk numbers
  Put16(&out, uint32_t(entries.size()));
  Put16(&out, uint32_t(entries.size()));
  Put32(&out, uint32_t(central.size()));
  Put32(&out, central_offset);
  Put16(&out, 0);  // comment length
  return out;
}

}  // namespace stepshift::lambdas
