/** The notebooks `npm run notebooks` runs, in order (files notebooks/<name>.ipynb). */
export const NOTEBOOKS = ['sales_kpis', 'feedback_eda'] as const;
