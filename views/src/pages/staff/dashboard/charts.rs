//! The dashboard's charts, drawn on the server as SVG with plotters.
//!
//! plotters is built without a font feature: its SVG backend writes each label as a `<text>`
//! element and the browser (or whatever opens a downloaded file) draws it with its own fonts,
//! so koe needs no font files at run time and Japanese labels read as well as the page does.
//! The cost is that plotters can only guess label widths; the layout below never depends on
//! them (labels are centred or placed at fixed positions). Each chart carries a `<title>` and a
//! `<desc>`; the page puts its numbers in a table beside it.

use maud::html;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{CsatPeriod, DashboardReport, NpsPeriod};
use crate::i18n::DashboardStrings;

/// The charts the dashboard draws and lets people download.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chart {
    /// NPS by period with its 95 % adjusted-Wald interval as a band.
    Nps,
    /// Promoters, passives and detractors by period, stacked to 100 %.
    Mix,
    /// CSAT top-2-box share by period.
    Csat,
}

impl Chart {
    /// Every chart, in page order.
    pub const ALL: [Chart; 3] = [Chart::Nps, Chart::Mix, Chart::Csat];

    /// The name in download URLs (`/staff/dashboard/charts/{name}.svg`).
    pub fn name(self) -> &'static str {
        match self {
            Chart::Nps => "nps",
            Chart::Mix => "mix",
            Chart::Csat => "csat",
        }
    }

    pub fn from_name(name: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|chart| chart.name() == name)
    }

    /// Whether the chart belongs to this report's survey kind.
    pub fn fits(self, report: &DashboardReport) -> bool {
        matches!(
            (self, report),
            (Chart::Nps | Chart::Mix, DashboardReport::Nps(_)) | (Chart::Csat, DashboardReport::Csat(_))
        )
    }

    pub(super) fn title(self, s: &DashboardStrings) -> &'static str {
        match self {
            Chart::Nps => s.chart_nps,
            Chart::Mix => s.chart_mix,
            Chart::Csat => s.chart_csat,
        }
    }
}

/// Drawing failed (plotters reports errors even when writing to a string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> ChartError {
        ChartError(error.to_string())
    }
}

/// A chart's numbers as rows of text: the header first (for its CSV download).
pub fn data(chart: Chart, report: &DashboardReport) -> Option<Vec<Vec<String>>> {
    let number = |value: Option<f64>| value.filter(|v| v.is_finite()).map(|v| format!("{v:.1}")).unwrap_or_default();
    let header = |cells: &[&str]| cells.iter().map(|cell| (*cell).to_owned()).collect::<Vec<_>>();
    match (chart, report) {
        (Chart::Nps, DashboardReport::Nps(r)) => {
            let mut rows = vec![header(&["period", "n", "nps", "margin_of_error", "ci_low", "ci_high", "small_sample"])];
            rows.extend(r.periods.iter().map(|p| {
                let f = &p.figures;
                vec![
                    p.label.clone(),
                    f.n.count.to_string(),
                    number(f.nps),
                    number(f.margin),
                    number(f.ci_low),
                    number(f.ci_high),
                    (f.small_sample && f.n.count > 0).to_string(),
                ]
            }));
            Some(rows)
        }
        (Chart::Mix, DashboardReport::Nps(r)) => {
            let mut rows = vec![header(&["period", "n", "promoters", "passives", "detractors", "promoters_pct", "passives_pct", "detractors_pct"])];
            rows.extend(r.periods.iter().map(|p| {
                let f = &p.figures;
                let pct = |count: i64| (f.n.count > 0).then(|| 100.0 * count as f64 / f.n.count as f64);
                vec![
                    p.label.clone(),
                    f.n.count.to_string(),
                    f.promoters.count.to_string(),
                    f.passives.count.to_string(),
                    f.detractors.count.to_string(),
                    number(pct(f.promoters.count)),
                    number(pct(f.passives.count)),
                    number(pct(f.detractors.count)),
                ]
            }));
            Some(rows)
        }
        (Chart::Csat, DashboardReport::Csat(r)) => {
            let mut rows = vec![header(&["period", "n", "csat_top2_pct", "csat_mean", "small_sample"])];
            rows.extend(r.periods.iter().map(|p| {
                let f = &p.figures;
                vec![
                    p.label.clone(),
                    f.n.count.to_string(),
                    number(f.top2),
                    f.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
                    (f.small_sample && f.n.count > 0).to_string(),
                ]
            }));
            Some(rows)
        }
        _ => None,
    }
}

/// The chart as a standalone SVG document (with `<title>` and `<desc>`), or `None` when it
/// does not belong to the report's survey kind.
pub fn svg(chart: Chart, report: &DashboardReport, s: &DashboardStrings) -> Result<Option<String>, ChartError> {
    let (drawn, desc) = match (chart, report) {
        (Chart::Nps, DashboardReport::Nps(r)) => (nps_chart(&r.periods, s)?, describe(&r.periods, s)),
        (Chart::Mix, DashboardReport::Nps(r)) => (mix_chart(&r.periods, s)?, (s.chart_mix_desc)(r.periods.len())),
        (Chart::Csat, DashboardReport::Csat(r)) => (csat_chart(&r.periods, s)?, (s.chart_csat_desc)(r.periods.len())),
        _ => return Ok(None),
    };
    Ok(Some(with_title(&drawn, chart.name(), chart.title(s), &desc)))
}

/// A sentence that says what the NPS chart shows: the first and last period with answers.
fn describe(periods: &[NpsPeriod], s: &DashboardStrings) -> String {
    let with_nps: Vec<(&str, f64)> = periods.iter().filter_map(|p| Some((p.label.as_str(), p.figures.nps?))).collect();
    match (with_nps.first(), with_nps.last()) {
        (Some(first), Some(last)) => (s.chart_nps_desc)(first.0, &format!("{:.1}", first.1), last.0, &format!("{:.1}", last.1)),
        _ => s.no_answers.to_owned(),
    }
}

/// Gives plotters' `<svg>` an accessible name and description, and a class for the page's CSS.
fn with_title(drawn: &str, name: &str, title: &str, desc: &str) -> String {
    let head = html! {
        title id={ "chart-" (name) "-t" } { (title) }
        desc id={ "chart-" (name) "-d" } { (desc) }
    }
    .into_string();
    match drawn.find('>') {
        Some(end) if drawn.starts_with("<svg") => {
            let attributes = format!(" class=\"dash-chart\" role=\"img\" aria-labelledby=\"chart-{name}-t chart-{name}-d\"");
            format!("{}{attributes}>{head}{}", &drawn[..end], &drawn[end + 1..])
        }
        _ => drawn.to_owned(),
    }
}

const WIDTH: u32 = 720;
const HEIGHT: u32 = 320;
/// The browser's fonts, Japanese first (see the module comment).
const FONT: &str = "Hiragino Sans, Noto Sans CJK JP, Noto Sans JP, Yu Gothic, Meiryo, sans-serif";
const ACCENT: RGBColor = RGBColor(0x33, 0x46, 0xc4);
const TEXT: RGBColor = RGBColor(0x1b, 0x22, 0x30);
const MUTED: RGBColor = RGBColor(0x5a, 0x62, 0x72);
const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xeb);
const PROMOTER: RGBColor = RGBColor(0x1f, 0x7a, 0x4d);
const PASSIVE: RGBColor = RGBColor(0xb8, 0xbe, 0xc9);
const DETRACTOR: RGBColor = RGBColor(0xc2, 0x41, 0x0c);
/// At most this many period labels under a chart; weekly charts label every few weeks.
const MAX_LABELS: usize = 13;

fn font(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(color).pos(Pos::new(h, v))
}

/// Label every `step`-th period so that at most `max` labels are drawn.
fn label_step(count: usize, max: usize) -> usize {
    count.div_ceil(max.max(1)).max(1)
}

/// The indices and values of consecutive runs of `Some`: a line is not drawn across a gap.
fn runs<T: Copy>(values: &[Option<T>]) -> Vec<Vec<(usize, T)>> {
    let mut out: Vec<Vec<(usize, T)>> = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Roughly how wide a label is drawn: full-width characters one em, the rest about half.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f64>() * size
}

/// Period labels under the plot, and under each the number of answers (marked when small).
fn period_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    positions: &[(i32, i32)],
    labels: &[(&str, i64, bool)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let step = label_step(labels.len(), MAX_LABELS);
    for (i, ((x, y), (label, n, small))) in positions.iter().zip(labels).enumerate() {
        if i % step != 0 {
            continue;
        }
        root.draw(&Text::new(label.to_string(), (*x, y + 8), font(15.5, &MUTED, HPos::Center, VPos::Top)))?;
        let colour = if *small { &DETRACTOR } else { &MUTED };
        let n_label = if *small { format!("n={n}*") } else { format!("n={n}") };
        root.draw(&Text::new(n_label, (*x, y + 26), font(14.5, colour, HPos::Center, VPos::Top)))?;
    }
    Ok(())
}

/// Legend entries along the top edge, left to right: a coloured swatch and its label.
fn draw_legend<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, entries: &[(&str, ShapeStyle, bool)]) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut x = 56;
    for (label, style, hollow) in entries {
        if *hollow {
            root.draw(&Circle::new((x + 6, 12), 4, WHITE.filled()))?;
            root.draw(&Circle::new((x + 6, 12), 4, *style))?;
        } else {
            root.draw(&Rectangle::new([(x, 6), (x + 12, 18)], *style))?;
        }
        root.draw(&Text::new(label.to_string(), (x + 18, 12), font(16.0, &TEXT, HPos::Left, VPos::Center)))?;
        x += 18 + text_width(label, 13.0).round() as i32 + 20;
    }
    Ok(())
}

fn nps_chart(periods: &[NpsPeriod], s: &DashboardStrings) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = axes(&root, periods.len(), -100.0, "")?;
        let last = periods.len().max(1) as f64 - 0.5;
        chart.draw_series(std::iter::once(PathElement::new(vec![(-0.5, 0.0), (last, 0.0)], MUTED.stroke_width(1))))?;
        let band: Vec<Option<(f64, f64)>> = periods.iter().map(|p| Some((p.figures.ci_low?, p.figures.ci_high?))).collect();
        for run in runs(&band) {
            let mut points: Vec<(f64, f64)> = run.iter().map(|(i, (_, high))| (*i as f64, *high)).collect();
            points.extend(run.iter().rev().map(|(i, (low, _))| (*i as f64, *low)));
            if run.len() == 1 {
                // One period alone: a bar as wide as a point, so the interval still shows.
                let (i, (low, high)) = run[0];
                let x = i as f64;
                points = vec![(x - 0.08, high), (x + 0.08, high), (x + 0.08, low), (x - 0.08, low)];
            }
            chart.draw_series(std::iter::once(Polygon::new(points, ACCENT.mix(0.16).filled())))?;
        }
        let line: Vec<Option<f64>> = periods.iter().map(|p| p.figures.nps).collect();
        for run in runs(&line) {
            chart.draw_series(LineSeries::new(run.iter().map(|(i, v)| (*i as f64, *v)), ACCENT.stroke_width(2)))?;
        }
        for (i, p) in periods.iter().enumerate() {
            let Some(nps) = p.figures.nps else { continue };
            let at = (i as f64, nps);
            if p.figures.small_sample {
                chart.draw_series(std::iter::once(Circle::new(at, 4, WHITE.filled())))?;
                chart.draw_series(std::iter::once(Circle::new(at, 4, ACCENT.stroke_width(2))))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new(at, 4, ACCENT.filled())))?;
            }
        }
        let positions: Vec<(i32, i32)> = (0..periods.len()).map(|i| chart.backend_coord(&(i as f64, -100.0))).collect();
        let labels: Vec<(&str, i64, bool)> =
            periods.iter().map(|p| (p.label.as_str(), p.figures.n.count, p.figures.small_sample && p.figures.n.count > 0)).collect();
        period_labels(&root, &positions, &labels)?;
        draw_legend(
            &root,
            &[
                (s.nps, ACCENT.filled(), false),
                (s.legend_interval, ACCENT.mix(0.16).filled(), false),
                (s.legend_small_sample, ACCENT.stroke_width(2), true),
            ],
        )?;
        root.present()?;
    }
    Ok(out)
}

type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>;

/// A white chart of `periods` bars on a 0–100 % axis with its grid (the share charts).
fn share_axes<'a, 'b>(root: &'a DrawingArea<SVGBackend<'b>, Shift>, periods: usize) -> Result<Plot<'a, 'b>, ChartError> {
    axes(root, periods, 0.0, "%")
}

/// A white chart of `periods` places on an axis from `bottom` to 100, its labels ending in
/// `unit`, with its grid.
fn axes<'a, 'b>(root: &'a DrawingArea<SVGBackend<'b>, Shift>, periods: usize, bottom: f64, unit: &str) -> Result<Plot<'a, 'b>, ChartError> {
    root.fill(&WHITE)?;
    let last = periods.max(1) as f64 - 0.5;
    let mut chart = ChartBuilder::on(root)
        .margin_top(28)
        .margin_right(16)
        .margin_left(8)
        .x_label_area_size(48)
        .y_label_area_size(40)
        .build_cartesian_2d(-0.5..last, bottom..100f64)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .y_labels(5)
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(GRID)
        .label_style(font(15.5, &MUTED, HPos::Right, VPos::Center))
        .y_label_formatter(&|v| format!("{v:.0}{unit}"))
        .draw()?;
    Ok(chart)
}

fn mix_chart(periods: &[NpsPeriod], s: &DashboardStrings) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = share_axes(&root, periods.len())?;
        for (i, p) in periods.iter().enumerate() {
            let f = &p.figures;
            if f.n.count == 0 {
                continue;
            }
            let x = i as f64;
            let mut bottom = 0.0;
            for (count, colour) in [(f.detractors.count, DETRACTOR), (f.passives.count, PASSIVE), (f.promoters.count, PROMOTER)] {
                let top = bottom + 100.0 * count as f64 / f.n.count as f64;
                chart.draw_series(std::iter::once(Rectangle::new([(x - 0.34, bottom), (x + 0.34, top)], colour.filled())))?;
                bottom = top;
            }
        }
        let positions: Vec<(i32, i32)> = (0..periods.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
        let labels: Vec<(&str, i64, bool)> =
            periods.iter().map(|p| (p.label.as_str(), p.figures.n.count, p.figures.small_sample && p.figures.n.count > 0)).collect();
        period_labels(&root, &positions, &labels)?;
        draw_legend(
            &root,
            &[(s.legend_promoters, PROMOTER.filled(), false), (s.legend_passives, PASSIVE.filled(), false), (s.legend_detractors, DETRACTOR.filled(), false)],
        )?;
        root.present()?;
    }
    Ok(out)
}

fn csat_chart(periods: &[CsatPeriod], s: &DashboardStrings) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        let mut chart = share_axes(&root, periods.len())?;
        for (i, p) in periods.iter().enumerate() {
            let Some(top2) = p.figures.top2 else { continue };
            let x = i as f64;
            let style = if p.figures.small_sample { ACCENT.mix(0.35).filled() } else { ACCENT.filled() };
            chart.draw_series(std::iter::once(Rectangle::new([(x - 0.34, 0.0), (x + 0.34, top2)], style)))?;
        }
        let positions: Vec<(i32, i32)> = (0..periods.len()).map(|i| chart.backend_coord(&(i as f64, 0.0))).collect();
        let labels: Vec<(&str, i64, bool)> =
            periods.iter().map(|p| (p.label.as_str(), p.figures.n.count, p.figures.small_sample && p.figures.n.count > 0)).collect();
        period_labels(&root, &positions, &labels)?;
        draw_legend(&root, &[(s.col_top2, ACCENT.filled(), false), (s.legend_small_sample, ACCENT.mix(0.35).filled(), false)])?;
        root.present()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_at_gaps() {
        assert_eq!(runs(&[Some(1), Some(2), None, Some(4)]), vec![vec![(0, 1), (1, 2)], vec![(3, 4)]]);
        assert_eq!(runs::<i32>(&[None, None]), Vec::<Vec<(usize, i32)>>::new());
        assert_eq!(runs(&[None, Some(7)]), vec![vec![(1, 7)]]);
    }

    #[test]
    fn at_most_thirteen_period_labels() {
        assert_eq!(label_step(12, MAX_LABELS), 1);
        assert_eq!(label_step(13, MAX_LABELS), 1);
        assert_eq!(label_step(53, MAX_LABELS), 5);
        assert_eq!(label_step(0, MAX_LABELS), 1);
    }

    #[test]
    fn full_width_characters_count_double() {
        assert_eq!(text_width("NPS", 10.0), 18.0);
        assert_eq!(text_width("推奨者", 10.0), 30.0);
    }

    #[test]
    fn chart_names_round_trip() {
        for chart in Chart::ALL {
            assert_eq!(Chart::from_name(chart.name()), Some(chart));
        }
        assert_eq!(Chart::from_name("../etc"), None);
    }
}
