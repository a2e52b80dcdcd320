//! Which rows of a long table are drawn: the ones in view and a margin either side. A poll of a
//! 1,024-file job then diffs and lays out a few dozen rows instead of all of them (issue 19);
//! the table still says how many rows it has (`aria-rowcount`) and where each drawn one sits
//! (`aria-rowindex`), and spacers keep the scroll bar true to the whole.

/// Rows drawn beyond each edge of the view, so a scroll of a screen or less shows rows at once.
const MARGIN: usize = 12;
/// Window edges move in steps of this many rows, so a scroll of a few pixels draws nothing new.
const STEP: usize = 8;

/// A row height to start from before one has been measured: two paths (a NumPy group).
pub const ESTIMATED_ROW_PX: f64 = 52.0;
/// A view height to start from before the scroll box has been laid out.
pub const ESTIMATED_VIEW_PX: f64 = 720.0;

/// The half-open range `first..end` of rows to draw.
///
/// ```
/// use milvus_import_monitor::state::RowWindow;
/// let top = RowWindow::of(0.0, 520.0, 52.0, 1024);
/// assert_eq!((top.first, top.end), (0, 24));
/// let all = RowWindow::of(0.0, 520.0, 52.0, 5);
/// assert_eq!((all.first, all.end), (0, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowWindow {
    pub first: usize,
    pub end: usize,
}

impl RowWindow {
    /// The window for a scroll box scrolled `scroll_top` pixels into `total` rows of about
    /// `row_px` each, showing `view_px` of them. Figures from the DOM are trusted only as far as
    /// they are finite and positive.
    pub fn of(scroll_top: f64, view_px: f64, row_px: f64, total: usize) -> RowWindow {
        let row_px = if row_px.is_finite() && row_px >= 1.0 { row_px } else { ESTIMATED_ROW_PX };
        let pixels = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
        let seen = (pixels(view_px) / row_px).ceil() as usize + 1;
        // Scrolled past the end (the rows just shrank, say): the last screenful.
        let first_seen = ((pixels(scroll_top) / row_px) as usize).min(total.saturating_sub(seen));
        let first = first_seen.saturating_sub(MARGIN) / STEP * STEP;
        let end = (first_seen + seen + MARGIN).div_ceil(STEP) * STEP;
        RowWindow { first: first.min(total), end: end.min(total) }
    }

    /// Rows drawn.
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }

    /// Rows above and below the window that spacers stand in for.
    pub fn hidden(&self, total: usize) -> (usize, usize) {
        (self.first, total.saturating_sub(self.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolled_to_the_middle_draws_the_view_and_its_margins() {
        // Row 500 at the top of a 520 px view: rows 500..511 seen.
        let w = RowWindow::of(500.0 * 52.0, 520.0, 52.0, 1024);
        assert!(w.first <= 500 - MARGIN && w.first + STEP > 500 - MARGIN, "{w:?}");
        assert!(w.end >= 511 + MARGIN && w.end < 511 + MARGIN + STEP + 1, "{w:?}");
        assert_eq!(w.first % STEP, 0);
        assert_eq!(w.hidden(1024), (w.first, 1024 - w.end));
    }

    #[test]
    fn a_small_scroll_keeps_the_window() {
        let a = RowWindow::of(500.0 * 52.0, 520.0, 52.0, 1024);
        let b = RowWindow::of(500.0 * 52.0 + 20.0, 520.0, 52.0, 1024);
        assert_eq!(a, b);
    }

    #[test]
    fn the_end_of_the_table_is_drawn_to_its_last_row() {
        let w = RowWindow::of(1_000_000.0, 520.0, 52.0, 1024);
        assert_eq!(w.end, 1024);
        assert!(w.first < 1024);
        let bottom = RowWindow::of((1024.0 * 52.0) - 520.0, 520.0, 52.0, 1024);
        assert_eq!(bottom.end, 1024);
        assert!(bottom.len() >= 11);
    }

    #[test]
    fn nonsense_figures_fall_back_to_estimates() {
        for (top, view, row) in [(f64::NAN, f64::INFINITY, 0.0), (-5.0, -1.0, f64::NAN), (0.0, 0.0, -3.0)] {
            let w = RowWindow::of(top, view, row, 1024);
            assert_eq!(w.first, 0);
            assert!(w.end > 0 && w.end <= 1024, "{w:?}");
        }
        assert!(RowWindow::of(0.0, 500.0, 50.0, 0).is_empty());
    }
}
