//! Cramps per week as an SVG bar chart with the 3-a-week line, and the same
//! figures as a table (the chart's text alternative, also printed).
//!
//! The chart is an image to screen readers (`role="img"` with a title and a
//! description saying the figures that matter); the table beside it gives
//! every week. Colours come from the stylesheet, so dark mode and print work.

use super::text::Ctx;
use crate::diary::{Summary, Week, HIGH_MORE_THAN};
use yew::prelude::*;

const WIDTH: u32 = 360;
const HEIGHT: u32 = 180;
const LEFT: u32 = 28;
const BOTTOM: u32 = 28;
const TOP: u32 = 10;

/// `M/D` of a week's Monday (short enough for 12 labels on a phone).
fn short_date(w: &Week) -> String {
    let (_, m, d) = w.start_date();
    format!("{m}/{d}")
}

/// `YYYY-MM-DD` of a week's Monday.
pub fn long_date(w: &Week) -> String {
    let (y, m, d) = w.start_date();
    format!("{y}-{m:02}-{d:02}")
}

pub fn weekly_chart(ctx: &Ctx, s: &Summary) -> Html {
    let n = s.weeks.len().max(1) as u32;
    let top_count = s
        .weeks
        .iter()
        .map(|w| w.count)
        .max()
        .unwrap_or(0)
        .max(HIGH_MORE_THAN + 2);
    let plot_h = HEIGHT - BOTTOM - TOP;
    let y_of = |count: u32| HEIGHT - BOTTOM - count * plot_h / top_count;
    let slot = (WIDTH - LEFT) / n;
    let line_y = y_of(HIGH_MORE_THAN);
    let bars = s.weeks.iter().enumerate().map(|(i, w)| {
        let x = LEFT + i as u32 * slot;
        let y = y_of(w.count);
        let over = w.count > HIGH_MORE_THAN;
        html! {
            <g class={classes!("week", over.then_some("over"))}>
                <rect class="bar" x={(x + 3).to_string()} y={y.to_string()}
                    width={(slot - 6).to_string()} height={(HEIGHT - BOTTOM - y).to_string()} />
                if w.count > 0 {
                    <text class="bar-value" x={(x + slot / 2).to_string()} y={(y - 2).to_string()}
                        text-anchor="middle">{w.count}</text>
                }
                if i % 2 == 1 || n <= 6 {
                    <text class="axis-label" x={(x + slot / 2).to_string()} y={(HEIGHT - 10).to_string()}
                        text-anchor="middle">{short_date(w)}</text>
                }
            </g>
        }
    });
    let this_week = s.weeks.last().map_or(0, |w| w.count);
    let peak = s.weeks.iter().map(|w| w.count).max().unwrap_or(0);
    let (weeks, this, peak) = (
        s.weeks.len().to_string(),
        this_week.to_string(),
        peak.to_string(),
    );
    let args = [("weeks", &*weeks), ("this", &*this), ("peak", &*peak)];
    let description = ctx.ui_with("chart_description", &args);
    let rows = s.weeks.iter().rev().map(|w| {
        html! {
            <tr class={classes!((w.count > HIGH_MORE_THAN).then_some("over"))}>
                <th scope="row">{long_date(w)}</th>
                <td>{w.count}</td>
            </tr>
        }
    });
    html! {
        <div class="weekly">
            <figure class="chart">
                <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                    aria-labelledby="chart-title chart-desc" focusable="false">
                    <title id="chart-title">{ctx.ui("chart_title")}</title>
                    <desc id="chart-desc">{description}</desc>
                    <line class="axis" x1={LEFT.to_string()} x2={WIDTH.to_string()}
                        y1={(HEIGHT - BOTTOM).to_string()} y2={(HEIGHT - BOTTOM).to_string()} />
                    { for bars }
                    <line class="limit" x1={LEFT.to_string()} x2={WIDTH.to_string()}
                        y1={line_y.to_string()} y2={line_y.to_string()} />
                    <text class="limit-label" x="2" y={(line_y + 4).to_string()}>{HIGH_MORE_THAN}</text>
                </svg>
                <figcaption>{ctx.ui("chart_caption")}</figcaption>
            </figure>
            <table class="summary-table weeks-table" data-table="weeks">
                <caption>{ctx.ui("chart_table_caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{ctx.ui("chart_week_of")}</th>
                        <th scope="col">{ctx.ui("chart_count")}</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
