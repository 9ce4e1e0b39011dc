import type { SeedStock } from '../store/stock-store.js';

/**
 * Starting stock for every SKU of catalog's demo products (services/catalog/src/seed/demo-products.ts;
 * a copy, since a service never imports another). A few sit at or below their threshold and one is
 * sold out, so the admin's low-stock alerts have something to show.
 */
export const DEMO_STOCK: SeedStock[] = [
  { sku: 'LAP-X1C-G12', on_hand: 24, low_stock_threshold: 5 },
  { sku: 'LAP-T14-G5', on_hand: 31, low_stock_threshold: 5 },
  { sku: 'LAP-IDEAPAD5-14AHP9', on_hand: 42, low_stock_threshold: 8 },
  { sku: 'LAP-XPS13-9340', on_hand: 18, low_stock_threshold: 5 },
  { sku: 'LAP-LAT7440', on_hand: 3, low_stock_threshold: 5 },
  { sku: 'LAP-MBA13-M3', on_hand: 55, low_stock_threshold: 10 },
  { sku: 'LAP-MBP14-M3PRO', on_hand: 12, low_stock_threshold: 4 },
  { sku: 'LAP-EB840-G11', on_hand: 20, low_stock_threshold: 5 },
  { sku: 'LAP-SPECTRE14-X360', on_hand: 0, low_stock_threshold: 3 },
  { sku: 'LAP-ZB14-UX3405', on_hand: 16, low_stock_threshold: 5 },
  { sku: 'LAP-G14-GA403', on_hand: 9, low_stock_threshold: 3 },
  { sku: 'LAP-FW13-7840U', on_hand: 14, low_stock_threshold: 4 },
  { sku: 'LAP-SWIFTGO14-SFG14', on_hand: 27, low_stock_threshold: 5 },
  { sku: 'LAP-SURFACE7-13', on_hand: 2, low_stock_threshold: 4 },
  { sku: 'LAP-KATANA15-B13V', on_hand: 11, low_stock_threshold: 3 },
  { sku: 'LAP-BLADE14-2024', on_hand: 6, low_stock_threshold: 2 },
  { sku: 'PRT-RAM-CRU-16G-D5-5600', on_hand: 120, low_stock_threshold: 20 },
  { sku: 'PRT-RAM-CRU-32G-D5-5600', on_hand: 80, low_stock_threshold: 15 },
  { sku: 'PRT-RAM-KIN-16G-D4-3200', on_hand: 64, low_stock_threshold: 15 },
  { sku: 'PRT-SSD-SAM-990PRO-1TB', on_hand: 95, low_stock_threshold: 20 },
  { sku: 'PRT-SSD-WD-SN850X-2TB', on_hand: 40, low_stock_threshold: 10 },
  { sku: 'PRT-SSD-WD-SN740-1TB', on_hand: 7, low_stock_threshold: 10 },
  { sku: 'PRT-SSD-CRU-T500-2TB', on_hand: 36, low_stock_threshold: 10 },
  { sku: 'PRT-BAT-LEN-X1C-G12-57WH', on_hand: 25, low_stock_threshold: 5 },
  { sku: 'PRT-BAT-DELL-XPS13-55WH', on_hand: 19, low_stock_threshold: 5 },
  { sku: 'PRT-BAT-FW-61WH', on_hand: 33, low_stock_threshold: 8 },
  { sku: 'PRT-BAT-HP-EB840-56WH', on_hand: 4, low_stock_threshold: 5 },
  { sku: 'PRT-CHG-ANK-735-65W', on_hand: 150, low_stock_threshold: 25 },
  { sku: 'PRT-CHG-LEN-65W-USBC', on_hand: 70, low_stock_threshold: 15 },
  { sku: 'PRT-CHG-APL-70W-USBC', on_hand: 48, low_stock_threshold: 10 },
  { sku: 'PRT-CHG-UGR-NEXODE-100W', on_hand: 60, low_stock_threshold: 10 },
  { sku: 'PRT-DSP-FW13-2256', on_hand: 10, low_stock_threshold: 3 },
  { sku: 'PRT-DSP-X1C-G12-OLED', on_hand: 5, low_stock_threshold: 3 },
  { sku: 'PRT-DSP-XPS13-9340-FHD', on_hand: 8, low_stock_threshold: 3 },
  { sku: 'PRT-KBD-X1C-G12-DE', on_hand: 22, low_stock_threshold: 5 },
  { sku: 'PRT-KBD-FW13-US', on_hand: 45, low_stock_threshold: 8 },
  { sku: 'PRT-KBD-EB840-G11-UK', on_hand: 13, low_stock_threshold: 4 },
];
