"""Writes the messy quote files beside it: one small file per quirk a real vendor quote has.

The files are committed; run this again (``python tests/data/quotes/make_quotes.py``) only to
change them. Each file's expected values are asserted in ``tests/sheets/test_quote_corpus.py``.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def text_files() -> None:
    write(
        "utf8_bom.csv",
        "\ufeffItem,Qty,Unit Price,Category,Vendor\r\n"
        "Chromebook Plus — élève,1200,$329.00,Hardware,Acme Éducation\r\n"
        'Charging cart,40,"$1,899.50",Hardware,Acme Éducation\r\n'.encode(),
    )
    write(
        "cp1252_euro.csv",
        "Désignation;Quantité;Prix unitaire;Coût annuel;Fournisseur\r\n"
        "Câble réseau catégorie 6;500;12,40 €;;Réseaux Économie\r\n"
        "Licence de filtrage;4 200;;3,75 €;Sécurité Écoles\r\n".encode("cp1252"),
    )
    write(
        "semicolon_decimal_comma.csv",
        b"Description;Quantity;Unit cost;Annual cost;Refresh (years)\n"
        b'Laptop 14";25;1.234,50;45,00;4\n'
        b"Docking station;25;189,99;0;5\n"
        b"Service desk hours;1;0;12.000,00;\n",
    )
    write(
        "tab_delimited.csv",
        b"Item\tQuantity\tUnit price\tAnnual subscription\tType\n"
        b"MDM licence\t4200\t0\t4.50\tMDM\n"
        b"Accidental damage cover\t4200\t\t18.25\tWarranty\n",
    )
    write(
        "multiline_notes.csv",
        b"Item,Qty,Each,Notes\n"
        b'Access point,60,"695.00","Ceiling mount.\nIncludes install,\nand ""cloud"" licence."\n'
        b'Switch 48-port,8,"3,150.00","Two lines\r\nof notes"\n',
    )
    write(
        "money_formats.csv",
        "Item;Qty;Unit price\n"
        "Projector;3;$1,234.50\n"
        "Document camera;12;1 234,50 €\n"
        "Speaker set;7;1.234,50\n"
        "Web filter;1;USD 99\n"
        "Stylus;300;\u00a02,75\u00a0€\n".encode(),
    )
    write(
        "negative_cost.csv",
        b"Item,Qty,Unit price\nTrade-in credit,10,(250.00)\nHeadphones,100,12.00\n",
    )
    write(
        "blank_rows.csv",
        b"\n\nItem,Qty,Unit price\n\nTablet,30,399\n,,\n\nKeyboard case,30,59.90\n\n",
    )
    write(
        "bad_rows.csv",
        b"Item,Qty,Unit price,Category,Refresh every\n"
        b"Laptop,10,abc,Hardware,4\n"
        b"Charger,-3,25.00,Hardware,\n"
        b"Banana stand,1,10.00,Fruit,\n"
        b",5,10.00,Hardware,\n"
        b"Cable,2,10.0055,Hardware,half\n"
        b"Mouse,5,9.99,Hardware,3\n",
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
    write("really_a_png.csv", png)


def header_on_row_4() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Quote"
    sheet.append(["Northwind Networks — Quote Q-4471"])
    sheet.append(["Valid for 30 days"])
    sheet.append([])
    sheet.append(["Line", "Product name", "Qty", "Unit price", "Extended price", "Life (years)"])
    sheet.append([1, "Wireless access point", 120, 745.5, 89460, 6])
    sheet.append([])
    sheet.append([2, "PoE switch 24-port", 12, 1999.99, 23999.88, 7])
    sheet.append([None, "Subtotal", None, None, 113459.88, None])
    book.save(HERE / "header_on_row_4.xlsx")


def three_sheets() -> None:
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Prepared for Riverside USD"])
    cover.append(["Thank you for your business"])
    items = book.create_sheet("Items")
    items.append(["Item", "Quantity", "Unit cost", "Annual cost", "Category", "Supplier"])
    items.append(["Help desk seat", 3, 0, 5400, "Technical support", "Campus IT Partners"])
    items.append(["Teacher coaching day", 20, 1100, 0, "training", "Learn Forward"])
    alt = book.create_sheet("Alternates")
    alt.append(["Item", "Quantity", "Unit cost"])
    alt.append(["Premium access point", 120, 1045])
    book.save(HERE / "three_sheets.xlsx")


def merged_cells() -> None:
    """A title merged across the top, and a category and a supplier written once in a cell
    merged down beside the items they cover, as quote templates lay them out."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Quote"
    sheet.append(["Quote Q-2291 for Riverside USD"])
    sheet.append([])
    sheet.append(["Category", "Item", "Quantity", "Unit cost", "Supplier"])
    sheet.append(["Network", "Wireless access point", 120, 745.5, "Acme Networks"])
    sheet.append([None, "PoE switch 24-port", 12, 1999.99])
    sheet.append(["Hardware", "Chromebook", 300, 299])
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("E4:E6")
    book.save(HERE / "merged_cells.xlsx")


def truncated() -> None:
    full = HERE / "header_on_row_4.xlsx"
    data = full.read_bytes()
    write("truncated.xlsx", data[: len(data) // 2])


def zip_bomb() -> None:
    """A tiny workbook whose sheet declares a 3.5 GB uncompressed size in its zip directory."""
    path = HERE / "zip_bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + " " * 2000 + "</worksheet>")
    data = bytearray(path.read_bytes())
    huge = 3_500_000_000
    name = b"xl/worksheets/sheet1.xml"
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, huge)
        central = data.find(b"PK\x01\x02", central + 4)
    local = data.find(b"PK\x03\x04")
    while local != -1:
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + length] == name:
            struct.pack_into("<I", data, local + 22, huge)
        local = data.find(b"PK\x03\x04", local + 4)
    path.write_bytes(bytes(data))


def xml_bomb() -> None:
    """A workbook whose sheet XML defines nested entities ("billion laughs")."""
    source = HERE / "three_sheets.xlsx"
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                  for i in range(1, 10))
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )  # fmt: skip
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(HERE / "xml_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for entry in original.infolist():
            data = original.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = laughs.encode()
            bomb.writestr(entry.filename, data)


if __name__ == "__main__":
    text_files()
    header_on_row_4()
    three_sheets()
    merged_cells()
    truncated()
    zip_bomb()
    xml_bomb()
