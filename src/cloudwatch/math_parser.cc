#include "cloudwatch/math_parser.h"

#include <cctype>
#include <charconv>

#include "base/status_macros.h"

namespace stepshift::cloudwatch {

namespace {

// Brackets nested deeper than this are refused: the evaluator recurses over the tree.
constexpr int kMaxNesting = 64;

struct Token {
  enum class Kind { kEnd, kNumber, kString, kName, kSymbol };
  Kind kind = Kind::kEnd;
  std::string text;
  double number = 0;
};

Status Syntax() {
  return Status::InvalidArgument("Invalid syntax");
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
        ++pos_;
      }
      if (pos_ == text_.size()) {
        tokens.push_back(Token{});
        return tokens;
      }
      ASSIGN_OR_RETURN(Token token, Next());
      tokens.push_back(std::move(token));
    }
  }

 private:
  Result<Token> Next() {
    char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      return Number();
    }
    if (IsNameChar(c)) {
      size_t start = pos_;
      while (pos_ < text_.size() && IsNameChar(text_[pos_])) {
        ++pos_;
      }
      return Token{Token::Kind::kName, std::string(text_.substr(start, pos_ - start))};
    }
    if (c == '"' || c == '\'') {
      size_t end = text_.find(c, pos_ + 1);
      if (end == std::string_view::npos) {
        return Syntax();
      }
      Token t{Token::Kind::kString, std::string(text_.substr(pos_ + 1, end - pos_ - 1))};
      pos_ = end + 1;
      return t;
    }
    for (std::string_view op : {"==", "!=", "<=", ">=", "&&", "||"}) {
      if (text_.substr(pos_, 2) == op) {
        pos_ += 2;
        return Token{Token::Kind::kSymbol, std::string(op)};
      }
    }
    if (std::string_view("+-*/^()[],<>").find(c) == std::string_view::npos) {
      return Syntax();
    }
    ++pos_;
    return Token{Token::Kind::kSymbol, std::string(1, c)};
  }

  Result<Token> Number() {
    const char* begin = text_.data() + pos_;
    Token t{Token::Kind::kNumber, ""};
    auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), t.number);
    if (ec != std::errc() || (end < text_.data() + text_.size() && IsNameChar(*end))) {
      return Syntax();
    }
    pos_ += end - begin;
    return t;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

MathNode Binary(std::string op, MathNode left, MathNode right) {
  MathNode n;
  n.kind = MathNode::Kind::kBinary;
  n.text = std::move(op);
  n.args.push_back(std::move(left));
  n.args.push_back(std::move(right));
  return n;
}

// Recursive descent, lowest precedence first: OR, AND, comparison, + -, * /, unary -, ^.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<MathNode> Parse() {
    ASSIGN_OR_RETURN(MathNode root, Or());
    if (Peek().kind != Token::Kind::kEnd) {
      return Syntax();
    }
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }

  bool IsSymbol(std::string_view s) const {
    return Peek().kind == Token::Kind::kSymbol && Peek().text == s;
  }

  // The operator at the current token among `ops` ("OR" matches the word), or "".
  std::string Match(std::initializer_list<std::string_view> ops) {
    const Token& t = Peek();
    for (std::string_view op : ops) {
      bool word = t.kind == Token::Kind::kName && t.text == op && std::isupper(op[0]);
      if ((t.kind == Token::Kind::kSymbol && t.text == op) || word) {
        ++pos_;
        return op == "||" ? "OR" : op == "&&" ? "AND" : std::string(op);
      }
    }
    return "";
  }

  using Level = Result<MathNode> (Parser::*)();

  Result<MathNode> Chain(Level next, std::initializer_list<std::string_view> ops) {
    ASSIGN_OR_RETURN(MathNode left, (this->*next)());
    for (std::string op = Match(ops); !op.empty(); op = Match(ops)) {
      ASSIGN_OR_RETURN(MathNode right, (this->*next)());
      left = Binary(op, std::move(left), std::move(right));
    }
    return left;
  }

  Result<MathNode> Or() { return Chain(&Parser::And, {"OR", "||"}); }

  Result<MathNode> And() { return Chain(&Parser::Comparison, {"AND", "&&"}); }

  Result<MathNode> Comparison() { return Chain(&Parser::Sum, {"==", "!=", "<=", ">=", "<", ">"}); }

  Result<MathNode> Sum() { return Chain(&Parser::Product, {"+", "-"}); }

  Result<MathNode> Product() { return Chain(&Parser::Unary, {"*", "/"}); }

  Result<MathNode> Unary() {
    if (IsSymbol("-") || IsSymbol("+")) {
      std::string op = Peek().text;
      ++pos_;
      if (++depth_ > kMaxNesting) {
        return Syntax();
      }
      ASSIGN_OR_RETURN(MathNode operand, Unary());
      --depth_;
      MathNode n;
      n.kind = MathNode::Kind::kUnary;
      n.text = op;
      n.args.push_back(std::move(operand));
      return n;
    }
    return Power();
  }

  // "^" binds tighter than unary minus on its left and is right-associative: -2^2 is -(2^2).
  Result<MathNode> Power() {
    ASSIGN_OR_RETURN(MathNode base, Primary());
    if (Match({"^"}).empty()) {
      return base;
    }
    if (++depth_ > kMaxNesting) {
      return Syntax();
    }
    ASSIGN_OR_RETURN(MathNode exponent, Unary());
    --depth_;
    return Binary("^", std::move(base), std::move(exponent));
  }

  Result<MathNode> Primary() {
    if (++depth_ > kMaxNesting) {
      return Syntax();
    }
    Result<MathNode> node = PrimaryAtDepth();
    --depth_;
    return node;
  }

  Result<MathNode> PrimaryAtDepth() {
    Token t = Peek();
    MathNode n;
    if (t.kind == Token::Kind::kNumber || t.kind == Token::Kind::kString) {
      ++pos_;
      n.kind = t.kind == Token::Kind::kNumber ? MathNode::Kind::kNumber : MathNode::Kind::kString;
      n.number = t.number;
      n.text = t.text;
      return n;
    }
    if (IsSymbol("(")) {
      ++pos_;
      ASSIGN_OR_RETURN(n, Or());
      return Expect(")") ? Result<MathNode>(std::move(n)) : Syntax();
    }
    if (IsSymbol("[")) {
      ++pos_;
      n.kind = MathNode::Kind::kArray;
      RETURN_IF_ERROR(List("]", &n.args));
      return n;
    }
    if (t.kind != Token::Kind::kName) {
      return Syntax();
    }
    return Name(t.text);
  }

  Result<MathNode> Name(const std::string& name) {
    ++pos_;
    MathNode n;
    n.text = name;
    bool lower = std::islower(static_cast<unsigned char>(name[0]));
    if (IsSymbol("(")) {
      if (lower) {
        return Status::InvalidArgument("Unrecognized function " + name);
      }
      ++pos_;
      n.kind = MathNode::Kind::kCall;
      RETURN_IF_ERROR(List(")", &n.args));
      return n;
    }
    n.kind = lower ? MathNode::Kind::kId : MathNode::Kind::kKeyword;
    if (std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '_') {
      return Syntax();
    }
    return n;
  }

  // Comma-separated expressions up to `close` (which may come at once: "METRICS()").
  Status List(std::string_view close, std::vector<MathNode>* out) {
    if (Expect(close)) {
      return Status::Ok();
    }
    do {
      ASSIGN_OR_RETURN(MathNode item, Or());
      out->push_back(std::move(item));
    } while (Expect(","));
    return Expect(close) ? Status::Ok() : Syntax();
  }

  bool Expect(std::string_view symbol) {
    if (IsSymbol(symbol)) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<MathNode> ParseMathExpression(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer(text).Run());
  return Parser(std::move(tokens)).Parse();
}

}  // namespace stepshift::cloudwatch
