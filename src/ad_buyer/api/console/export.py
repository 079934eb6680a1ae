"""The media plan of a run as CSV and XLSX, for clients and finance: one row per deal,
then the total, in the run's currency. Money is exact (from integer micros)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from ad_buyer.api.models import PlannedDeal, RunDetail
from ad_buyer.models.money import from_micros

HEADERS = ["Channel", "Seller", "Package", "Deal ID", "Deal type", "Status", "CPM",
           "Impressions", "Cost"]


def _row(deal: PlannedDeal) -> list[str | int | Decimal]:
    return [deal.channel, deal.seller, deal.package, deal.deal_id, deal.deal_type, deal.status,
            from_micros(deal.cpm_micros), deal.impressions, from_micros(deal.cost_micros)]


def _total(run: RunDetail) -> list[str | int | Decimal]:
    return ["Total", "", "", "", "", "", "", sum(d.impressions for d in run.deals),
            from_micros(sum(d.cost_micros for d in run.deals))]


def media_plan_csv(run: RunDetail) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"Media plan: {run.name}", f"run {run.id}", f"currency {run.currency}"])
    writer.writerow(HEADERS)
    for deal in run.deals:
        writer.writerow(_row(deal))
    writer.writerow(_total(run))
    return out.getvalue()


def media_plan_xlsx(run: RunDetail) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Media plan"
    sheet.append([f"Media plan: {run.name}", f"run {run.id}", f"currency {run.currency}"])
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for deal in run.deals:
        sheet.append(_row(deal))
    sheet.append(_total(run))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    money_format = f'#,##0.00 "{run.currency}"'
    for row in sheet.iter_rows(min_row=3, min_col=7, max_col=9):
        row[0].number_format = money_format
        row[1].number_format = "#,##0"
        row[2].number_format = money_format
    for column, width in zip("ABCDEFGHI", (10, 22, 36, 34, 10, 9, 14, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
