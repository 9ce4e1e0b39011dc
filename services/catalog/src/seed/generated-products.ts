import type { ProductFields } from '../domain/product.js';

/** Deterministic pseudo-random numbers (mulberry32), so a seed run can be repeated exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Line {
  category: string;
  brands: string[];
  names: string[];
  /** Price range in EUR. */
  price: [number, number];
  warranty: number;
  attributes: (pick: <T>(values: T[]) => T) => Record<string, unknown>;
}

const LINES: Line[] = [
  {
    category: 'laptops',
    brands: ['Lenovo', 'Dell', 'HP', 'Apple', 'ASUS', 'Acer', 'Framework', 'MSI', 'Microsoft', 'Samsung'],
    names: ['ThinkPad', 'IdeaPad', 'XPS', 'Latitude', 'EliteBook', 'Spectre', 'MacBook Air', 'ZenBook', 'Swift', 'Laptop', 'Prestige', 'Galaxy Book'],
    price: [399, 3999],
    warranty: 24,
    attributes: (pick) => ({
      cpu: pick(['Intel Core Ultra 5', 'Intel Core Ultra 7', 'AMD Ryzen 5 8640U', 'AMD Ryzen 7 8845HS', 'Apple M3', 'Snapdragon X Elite']),
      ram_gb: pick([8, 16, 32, 64]),
      storage_gb: pick([256, 512, 1024, 2048]),
      display_in: pick([13.3, 14, 15.6, 16]),
    }),
  },
  {
    category: 'memory',
    brands: ['Crucial', 'Kingston', 'Corsair', 'Samsung', 'G.Skill'],
    names: ['DDR5 SO-DIMM', 'DDR4 SO-DIMM', 'LPDDR5 module', 'ValueRAM', 'Vengeance'],
    price: [19, 299],
    warranty: 120,
    attributes: (pick) => ({ capacity_gb: pick([8, 16, 32, 48, 64]), speed_mts: pick([3200, 4800, 5600, 6400]) }),
  },
  {
    category: 'storage',
    brands: ['Samsung', 'WD', 'Crucial', 'Kingston', 'SK hynix', 'Seagate'],
    names: ['990 Pro NVMe', 'SN850X NVMe', 'P5 Plus NVMe', 'KC3000 NVMe', 'Platinum P41', 'FireCuda NVMe'],
    price: [39, 599],
    warranty: 60,
    attributes: (pick) => ({ capacity_gb: pick([500, 1000, 2000, 4000]), interface: pick(['PCIe 4.0 x4', 'PCIe 5.0 x4']), form_factor: pick(['M.2 2280', 'M.2 2230']) }),
  },
  {
    category: 'batteries',
    brands: ['Lenovo', 'Dell', 'HP', 'Green Cell', 'iFixit'],
    names: ['replacement battery', 'internal battery', 'battery pack'],
    price: [39, 199],
    warranty: 12,
    attributes: (pick) => ({ capacity_wh: pick([42, 54, 57, 72, 86]), cells: pick([3, 4, 6]) }),
  },
  {
    category: 'chargers',
    brands: ['Anker', 'Lenovo', 'Dell', 'Apple', 'UGREEN', 'Belkin'],
    names: ['USB-C charger', 'GaN charger', 'power adapter', 'travel charger'],
    price: [19, 149],
    warranty: 24,
    attributes: (pick) => ({ watts: pick([45, 65, 100, 140]), ports: pick([1, 2, 3]) }),
  },
  {
    category: 'displays',
    brands: ['LG Display', 'BOE', 'AU Optronics', 'Sharp', 'Samsung'],
    names: ['IPS panel', 'OLED panel', 'touch panel', 'matte panel'],
    price: [79, 499],
    warranty: 12,
    attributes: (pick) => ({ size_in: pick([13.3, 14, 15.6, 16]), resolution: pick(['1920x1080', '1920x1200', '2560x1600', '2880x1800']) }),
  },
  {
    category: 'keyboards',
    brands: ['Lenovo', 'Dell', 'HP', 'Framework', 'Apple'],
    names: ['replacement keyboard', 'backlit keyboard', 'keyboard assembly'],
    price: [29, 189],
    warranty: 12,
    attributes: (pick) => ({ layout: pick(['US', 'UK', 'DE', 'FR', 'Nordic']), backlit: pick([true, false]) }),
  },
];

/** A generated product with its creation time. */
export type GeneratedProduct = ProductFields & { created_at: Date };

/**
 * `count` realistic products (brands, categories, attributes, prices) with unique SKUs `GEN-<n>`, the
 * same for the same `seed`; creation times spread over the last year. Laptops are a third of them.
 * @example const products = generateProducts(100_000)
 */
export function generateProducts(count: number, seed = 1): GeneratedProduct[] {
  const next = random(seed);
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)]!;
  const now = Date.now();
  const products: GeneratedProduct[] = [];
  for (let i = 0; i < count; i++) {
    const line = i % 3 === 0 ? LINES[0]! : LINES[1 + Math.floor(next() * (LINES.length - 1))]!;
    const brand = pick(line.brands);
    const name = `${brand} ${pick(line.names)} ${String.fromCharCode(65 + Math.floor(next() * 26))}${100 + Math.floor(next() * 900)}`;
    const attributes = line.attributes(pick);
    const [low, high] = line.price;
    products.push({
      sku: `GEN-${String(i + 1).padStart(7, '0')}`,
      name,
      description: `${name}: ${Object.entries(attributes).map(([key, value]) => `${key.replace(/_/g, ' ')} ${value}`).join(', ')}.`,
      brand,
      category: line.category,
      price: Math.round((low + next() * (high - low)) * 100) / 100,
      currency: 'EUR',
      image_url: null,
      attributes,
      warranty_months: line.warranty,
      created_at: new Date(now - Math.floor(next() * 365 * 24 * 3_600_000)),
    });
  }
  return products;
}
