//! The operators of `BINARY_OP` and `COMPARE_OP`, spelled as in Python
//! source (`+`, `//`, `<=`), with their text forms for `.pyasm`.

use std::fmt;

/// The operators of `BINARY_OP`, spelled as in Python source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (true division: always a float)
    TrueDiv,
    /// `//` (floor division)
    FloorDiv,
    /// `%` (modulo with the sign of the divisor)
    Mod,
    /// `**`
    Pow,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `+=`: `__iadd__`, else `+` (CPython's `NB_INPLACE_ADD`)
    IAdd,
    /// `-=`
    ISub,
    /// `*=`
    IMul,
    /// `/=`
    ITrueDiv,
    /// `//=`
    IFloorDiv,
    /// `%=`
    IMod,
    /// `**=`
    IPow,
    /// `&=`
    IAnd,
    /// `|=`
    IOr,
    /// `^=`
    IXor,
    /// `<<=`
    ILShift,
    /// `>>=`
    IRShift,
}

impl BinOp {
    /// Every operator, in a fixed order.
    pub const ALL: [BinOp; 12] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::TrueDiv,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::And,
        BinOp::Or,
        BinOp::Xor,
        BinOp::LShift,
        BinOp::RShift,
    ];

    /// The in-place operators, in the order of [`BinOp::ALL`].
    pub const INPLACE: [BinOp; 12] = [
        BinOp::IAdd,
        BinOp::ISub,
        BinOp::IMul,
        BinOp::ITrueDiv,
        BinOp::IFloorDiv,
        BinOp::IMod,
        BinOp::IPow,
        BinOp::IAnd,
        BinOp::IOr,
        BinOp::IXor,
        BinOp::ILShift,
        BinOp::IRShift,
    ];

    /// True for the in-place operators of augmented assignment (`+=`).
    pub fn is_inplace(self) -> bool {
        self as u8 >= BinOp::IAdd as u8
    }

    /// The binary operator an in-place one falls back to (`+=` -> `+`);
    /// a binary operator itself.
    pub fn base(self) -> BinOp {
        if self.is_inplace() {
            BinOp::ALL[(self as u8 - BinOp::IAdd as u8) as usize]
        } else {
            self
        }
    }

    /// The in-place form of a binary operator (`+` -> `+=`).
    pub fn inplace(self) -> BinOp {
        BinOp::INPLACE[self.base() as u8 as usize]
    }

    /// The operator as written in Python source (`+`, `//`, `+=`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::IAdd => "+=",
            BinOp::ISub => "-=",
            BinOp::IMul => "*=",
            BinOp::ITrueDiv => "/=",
            BinOp::IFloorDiv => "//=",
            BinOp::IMod => "%=",
            BinOp::IPow => "**=",
            BinOp::IAnd => "&=",
            BinOp::IOr => "|=",
            BinOp::IXor => "^=",
            BinOp::ILShift => "<<=",
            BinOp::IRShift => ">>=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
        }
    }

    /// Parses a symbol, binary (`+`) or in-place (`+=`, as `dis` shows
    /// augmented assignment).
    pub fn from_symbol(s: &str) -> Option<BinOp> {
        BinOp::ALL
            .into_iter()
            .chain(BinOp::INPLACE)
            .find(|op| op.symbol() == s)
    }
}

/// The operators of `COMPARE_OP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Every comparison, in a fixed order.
    pub const ALL: [CmpOp; 6] = [
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Gt,
        CmpOp::Ge,
    ];

    /// The operator as written in Python source.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Parses a symbol.
    pub fn from_symbol(s: &str) -> Option<CmpOp> {
        CmpOp::ALL.into_iter().find(|op| op.symbol() == s)
    }
}

impl fmt::Display for BinOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_round_trip() {
        for op in BinOp::ALL {
            assert_eq!(BinOp::from_symbol(op.symbol()), Some(op));
            assert_eq!(
                BinOp::from_symbol(&format!("{}=", op.symbol())),
                Some(op.inplace())
            );
            assert_eq!(op.inplace().base(), op);
            assert!(op.inplace().is_inplace() && !op.is_inplace());
        }
        for op in CmpOp::ALL {
            assert_eq!(CmpOp::from_symbol(op.symbol()), Some(op));
        }
        assert_eq!(BinOp::from_symbol("="), None);
        assert_eq!(BinOp::from_symbol("<"), None);
    }
}
