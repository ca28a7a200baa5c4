module.exports = {
  tutorialSidebar: [
    'intro',
    {
      type: 'category',
      label: 'Guide',
      items: ['guide/install', 'guide/instal'],
    },
  ],
};
